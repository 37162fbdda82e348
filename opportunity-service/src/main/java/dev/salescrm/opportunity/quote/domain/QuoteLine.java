package dev.salescrm.opportunity.quote.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.UUID;

import dev.salescrm.catalog.pricing.LinePrice;
import dev.salescrm.catalog.pricing.Pricing;
import dev.salescrm.platform.money.Money;

/**
 * One line of a quote: a catalog product in a unit, priced from the quote's price list, or a
 * write-in (a description and a price per unit given by the seller). Either way
 * {@code extendedAmount = quantity × pricePerUnit − volumeDiscount − manualDiscount}, every amount in
 * the quote's currency and rounded by {@link Money} (the currency's minor units, half-even).
 *
 * <p>Lines are priced by the catalog's own function ({@link Pricing#priceLine}), never by a formula
 * of their own: a catalog line takes the {@link LinePrice} the price replica computed, a write-in
 * is priced by the same function without a discount list. The manual discount comes off last and
 * may take the line to zero, never below.
 *
 * @param lineNumber     position on the quote, from 1
 * @param productId      the catalog product; null for a write-in
 * @param unitId         the product's unit; null for a write-in
 * @param description    the seller's text (required for a write-in), full Unicode
 * @param volumeDiscount from the price's discount list (zero for a write-in)
 * @param manualDiscount the seller's discount off the line, zero when none
 */
public record QuoteLine(UUID id, int lineNumber, UUID productId, UUID unitId, String description, BigDecimal quantity,
                        Money pricePerUnit, Money volumeDiscount, Money manualDiscount, Money extendedAmount) {

    public static final int MAX_DESCRIPTION_LENGTH = 2000;
    /** Quantities are stored as numeric(30,10): at most 10 decimals and 20 digits before the point. */
    public static final int MAX_QUANTITY_SCALE = 10;
    public static final int MAX_QUANTITY_INTEGER_DIGITS = 20;

    public QuoteLine {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pricePerUnit, "pricePerUnit");
        Objects.requireNonNull(volumeDiscount, "volumeDiscount");
        Objects.requireNonNull(manualDiscount, "manualDiscount");
        Objects.requireNonNull(extendedAmount, "extendedAmount");
        if (lineNumber < 1) {
            throw new IllegalArgumentException("line numbers start at 1");
        }
        if ((productId == null) != (unitId == null)) {
            throw new IllegalArgumentException("a catalog line has a product and a unit, a write-in neither");
        }
        if (description != null && description.isBlank()) {
            description = null;
        }
        if (productId == null && description == null) {
            throw new InvalidQuoteException("description", "a write-in line needs a description");
        }
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new InvalidQuoteException("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        requireQuantity(quantity);
        Currency currency = pricePerUnit.currency();
        for (Money amount : new Money[] {volumeDiscount, manualDiscount, extendedAmount}) {
            if (!amount.currency().equals(currency)) {
                throw new IllegalArgumentException("every amount of a line is in one currency");
            }
        }
        if (pricePerUnit.isNegative()) {
            throw new InvalidQuoteException("pricePerUnit", "must not be negative");
        }
        Money gross = pricePerUnit.times(quantity);
        if (volumeDiscount.isNegative() || volumeDiscount.isGreaterThan(gross)) {
            throw new IllegalArgumentException("a volume discount is between zero and the gross amount");
        }
        Money net = gross.minus(volumeDiscount);
        if (manualDiscount.isNegative()) {
            throw new InvalidQuoteException("manualDiscount", "must not be negative");
        }
        if (manualDiscount.isGreaterThan(net)) {
            throw new InvalidQuoteException("manualDiscount", "must not exceed the line's amount after its volume discount, "
                    + net.amountString() + " " + currency.getCurrencyCode());
        }
        if (!extendedAmount.equals(net.minus(manualDiscount))) {
            throw new IllegalArgumentException("the extended amount is quantity × price per unit − volume discount − manual discount");
        }
        quantity = normalised(quantity);
    }

    /**
     * A catalog line priced by the price replica. The price must be in the quote's currency: a price
     * list in another currency cannot price this quote (there are no exchange rates).
     *
     * @param manualDiscount the seller's discount, or null for none
     * @throws QuoteCurrencyException naming {@code productId} or {@code manualDiscount.currency}
     */
    public static QuoteLine catalog(Currency quoteCurrency, UUID id, int lineNumber, UUID productId, UUID unitId,
                                    String description, LinePrice price, Money manualDiscount) {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(unitId, "unitId");
        if (!price.unitPrice().currency().equals(quoteCurrency)) {
            throw new QuoteCurrencyException("productId", quoteCurrency, price.unitPrice().currency());
        }
        Money manual = manualDiscount(quoteCurrency, manualDiscount);
        return new QuoteLine(id, lineNumber, productId, unitId, description, price.quantity(), price.unitPrice(),
                price.volumeDiscount(), manual, price.extendedAmount().minus(manual));
    }

    /**
     * A write-in line: the seller's description and price per unit, priced by the catalog's function
     * without a discount list (so no volume discount).
     *
     * @throws QuoteCurrencyException naming {@code pricePerUnit.currency} or {@code manualDiscount.currency}
     * @throws InvalidQuoteException  naming the field that breaks a rule
     */
    public static QuoteLine writeIn(Currency quoteCurrency, UUID id, int lineNumber, String description,
                                    BigDecimal quantity, Money pricePerUnit, Money manualDiscount) {
        if (pricePerUnit == null) {
            throw new InvalidQuoteException("pricePerUnit", "a write-in line needs a price per unit");
        }
        if (!pricePerUnit.currency().equals(quoteCurrency)) {
            throw new QuoteCurrencyException("pricePerUnit.currency", quoteCurrency, pricePerUnit.currency());
        }
        if (pricePerUnit.isNegative()) {
            throw new InvalidQuoteException("pricePerUnit", "must not be negative");
        }
        requireQuantity(quantity);
        LinePrice price = Pricing.priceLine(pricePerUnit, BigDecimal.ONE, null, quantity);
        Money manual = manualDiscount(quoteCurrency, manualDiscount);
        return new QuoteLine(id, lineNumber, null, null, description, price.quantity(), price.unitPrice(),
                price.volumeDiscount(), manual, price.extendedAmount().minus(manual));
    }

    public boolean isWriteIn() {
        return productId == null;
    }

    /** {@code quantity × pricePerUnit}, before any discount. */
    public Money grossAmount() {
        return pricePerUnit.times(quantity);
    }

    /** The same line under another id (a revision copies its lines). */
    public QuoteLine withId(UUID newId) {
        return new QuoteLine(newId, lineNumber, productId, unitId, description, quantity, pricePerUnit, volumeDiscount,
                manualDiscount, extendedAmount);
    }

    /**
     * @throws InvalidQuoteException naming {@code quantity} unless it is greater than zero and fits
     */
    public static void requireQuantity(BigDecimal quantity) {
        if (quantity == null) {
            throw new InvalidQuoteException("quantity", "is required");
        }
        if (quantity.signum() <= 0) {
            throw new InvalidQuoteException("quantity", "must be greater than zero");
        }
        BigDecimal plain = normalised(quantity);
        if (plain.scale() > MAX_QUANTITY_SCALE) {
            throw new InvalidQuoteException("quantity", "has at most " + MAX_QUANTITY_SCALE + " decimals");
        }
        if (plain.precision() - plain.scale() > MAX_QUANTITY_INTEGER_DIGITS) {
            throw new InvalidQuoteException("quantity", "has at most " + MAX_QUANTITY_INTEGER_DIGITS + " digits before the point");
        }
    }

    /** Without trailing zeros and never in exponent form: 10, 2.5 — as quantities travel. */
    static BigDecimal normalised(BigDecimal quantity) {
        BigDecimal stripped = quantity.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static Money manualDiscount(Currency quoteCurrency, Money manualDiscount) {
        if (manualDiscount == null) {
            return Money.zero(quoteCurrency);
        }
        if (!manualDiscount.currency().equals(quoteCurrency)) {
            throw new QuoteCurrencyException("manualDiscount.currency", quoteCurrency, manualDiscount.currency());
        }
        return manualDiscount;
    }
}
