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
 * a line again — the accepted quote is what the customer agreed to pay. While the order is ACTIVE
 * its quantity may change ({@link #withQuantity}); the price per unit and the discounts stay as
 * accepted.
 *
 * @param lineNumber     the line's place on the order, from 1 in the quote's order; it stays with the
 *                       line (removing line 2 leaves lines 1 and 3), so it can name the line in a URL
 * @param lineId         the quote line's id, when the quote gave one
 * @param productId      absent for a write-in line
 * @param quantity       as accepted, with the scale it was sent with ({@code 10}, {@code 2.5})
 * @param volumeDiscount the price list's volume discount, when the quote names one
 * @param manualDiscount the salesperson's discount, when there is one
 * @param extendedAmount what the line costs: quantity × price per unit − discounts, as the quote computed it
 */
public record OrderLine(int lineNumber, UUID lineId, UUID productId, UUID unitId, String sku, String description,
                        BigDecimal quantity, Money pricePerUnit, Money volumeDiscount, Money manualDiscount,
                        Money extendedAmount) {

    /** Quantities set on an order: at most this many decimals, as a quote allows. */
    public static final int MAX_QUANTITY_SCALE = 10;
    /** And at most this many digits before the point. */
    public static final int MAX_QUANTITY_INTEGER_DIGITS = 20;

    public OrderLine {
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(pricePerUnit, "pricePerUnit");
        Objects.requireNonNull(extendedAmount, "extendedAmount");
        if (lineNumber < 1) {
            throw new IllegalArgumentException("line numbers start at 1: " + lineNumber);
        }
        if (quantity.signum() < 0) {
            throw new IllegalArgumentException("a line's quantity cannot be negative: " + quantity.toPlainString());
        }
    }

    /**
     * The line at another quantity, priced with the accepted price per unit and discounts:
     * {@code extendedAmount = quantity × pricePerUnit − volumeDiscount − manualDiscount}, the product
     * rounded once (half-even) to the currency's minor units, the discounts subtracted exactly.
     * Nothing is looked up in the catalog: the accepted prices are locked, and the discounts are the
     * amounts the customer accepted, not re-banded for the new quantity.
     *
     * @throws InvalidOrderChange naming {@code quantity} when it is not above zero, has too many
     *                            digits, or would leave the line below zero after its discounts
     */
    public OrderLine withQuantity(BigDecimal newQuantity) {
        BigDecimal quantity = requireQuantity(newQuantity);
        Money gross = pricePerUnit.times(quantity);
        Money discounts = Money.zero(pricePerUnit.currency());
        if (volumeDiscount != null) {
            discounts = discounts.plus(volumeDiscount);
        }
        if (manualDiscount != null) {
            discounts = discounts.plus(manualDiscount);
        }
        Money extended = gross.minus(discounts);
        if (extended.isNegative()) {
            throw new InvalidOrderChange("quantity", "at " + quantity.toPlainString() + " the line comes to " + gross
                    + ", less than its accepted discounts of " + discounts);
        }
        return new OrderLine(lineNumber, lineId, productId, unitId, sku, description, quantity, pricePerUnit,
                volumeDiscount, manualDiscount, extended);
    }

    /**
     * A quantity an order line may be set to: above zero (a line that is not wanted is removed), at
     * most {@value #MAX_QUANTITY_SCALE} decimals and {@value #MAX_QUANTITY_INTEGER_DIGITS} digits
     * before the point; returned without trailing zeros ({@code 12}, {@code 2.5}).
     */
    static BigDecimal requireQuantity(BigDecimal quantity) {
        if (quantity == null) {
            throw new InvalidOrderChange("quantity", "is required");
        }
        if (quantity.signum() <= 0) {
            throw new InvalidOrderChange("quantity", "must be greater than zero; remove the line instead");
        }
        BigDecimal plain = quantity.stripTrailingZeros();
        if (plain.scale() < 0) {
            plain = plain.setScale(0);
        }
        if (plain.scale() > MAX_QUANTITY_SCALE) {
            throw new InvalidOrderChange("quantity", "has at most " + MAX_QUANTITY_SCALE + " decimals");
        }
        if (plain.precision() - plain.scale() > MAX_QUANTITY_INTEGER_DIGITS) {
            throw new InvalidOrderChange("quantity", "has at most " + MAX_QUANTITY_INTEGER_DIGITS
                    + " digits before the point");
        }
        return plain;
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
