package dev.salescrm.billing.order.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import dev.salescrm.platform.money.Money;

/**
 * The totals of an order, copied from the accepted quote (the shared {@code documentTotals} of the
 * event contract). Only the total is always there; the others are kept when the quote sent them.
 *
 * @param detailAmount   the sum of the lines' extended amounts
 * @param discountAmount the discount on the whole order
 * @param taxAmount      tax, when the quote computed it
 * @param totalAmount    what the customer pays
 */
public record OrderTotals(Money detailAmount, Money discountAmount, Money taxAmount, Money totalAmount) {

    public OrderTotals {
        Objects.requireNonNull(totalAmount, "totalAmount");
    }

    List<Money> amounts() {
        List<Money> amounts = new ArrayList<>();
        for (Money amount : new Money[] {detailAmount, discountAmount, taxAmount}) {
            if (amount != null) {
                amounts.add(amount);
            }
        }
        amounts.add(totalAmount);
        return Collections.unmodifiableList(amounts);
    }
}
