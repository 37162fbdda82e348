package dev.salescrm.billing.order.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

import dev.salescrm.platform.money.Money;

/**
 * The totals of an order (the shared {@code documentTotals} of the event contract): copied from the
 * accepted quote as they are, and recomputed from the lines once a line changes. Only the total is
 * always there; the others are kept when the quote sent them.
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

    /**
     * The totals of changed lines: {@code detailAmount} the exact sum of their extended amounts (each
     * already at the currency's minor units, so nothing is rounded again), the order discount as
     * accepted, and {@code totalAmount = detailAmount − discountAmount}.
     *
     * <p>The caller makes sure there is no tax amount: billing has no tax rules, so a tax the quote
     * computed cannot be recomputed for other lines ({@link Order} refuses such edits).
     */
    static OrderTotals of(Currency currency, List<OrderLine> lines, Money discountAmount) {
        Money detail = Money.zero(currency);
        for (OrderLine line : lines) {
            detail = detail.plus(line.extendedAmount());
        }
        Money total = discountAmount == null ? detail : detail.minus(discountAmount);
        return new OrderTotals(detail, discountAmount, null, total);
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
