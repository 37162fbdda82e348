package dev.salescrm.billing.order.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.salescrm.platform.money.Money;

/**
 * A line of an order, exactly as the customer accepted it on the quote: a catalog product in a
 * unit, or a write-in with a description only. Billing copies the quote's prices and never prices
 * a line again — the accepted quote is what the customer agreed to pay.
 *
 * @param lineId         the quote line's id, when the quote gave one
 * @param productId      absent for a write-in line
 * @param quantity       as accepted, with the scale it was sent with ({@code 10}, {@code 2.5})
 * @param volumeDiscount the price list's volume discount, when the quote names one
 * @param manualDiscount the salesperson's discount, when there is one
 * @param extendedAmount what the line costs: quantity × price per unit − discounts, as the quote computed it
 */
public record OrderLine(UUID lineId, UUID productId, UUID unitId, String sku, String description,
                        BigDecimal quantity, Money pricePerUnit, Money volumeDiscount, Money manualDiscount,
                        Money extendedAmount) {

    public OrderLine {
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(pricePerUnit, "pricePerUnit");
        Objects.requireNonNull(extendedAmount, "extendedAmount");
        if (quantity.signum() < 0) {
            throw new IllegalArgumentException("a line's quantity cannot be negative: " + quantity.toPlainString());
        }
    }

    /** Every amount the line carries, for the order's one-currency check. */
    List<Money> amounts() {
        List<Money> amounts = new ArrayList<>();
        amounts.add(pricePerUnit);
        if (volumeDiscount != null) {
            amounts.add(volumeDiscount);
        }
        if (manualDiscount != null) {
            amounts.add(manualDiscount);
        }
        amounts.add(extendedAmount);
        return Collections.unmodifiableList(amounts);
    }
}
