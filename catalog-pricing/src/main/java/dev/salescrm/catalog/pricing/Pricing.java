package dev.salescrm.catalog.pricing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Currency;
import java.util.Objects;

import dev.salescrm.platform.money.Money;

/**
 * The pricing function: pure and deterministic, no I/O, no clock. catalog-service prices with it
 * and so does every price replica, so a quote, an order and an invoice can never disagree.
 *
 * <p>Two steps:
 * <ol>
 *   <li>{@link #listPrice}: a price list item's list price per unit from its definition — a
 *       currency amount, or {@code percent}% of the base list's price for the same product and
 *       unit — rounded by the item's rule to a multiple, then half-even to the currency's minor
 *       units. catalog-service computes it when the item (or its base) changes and publishes it
 *       on {@code crm.catalog.prices.v1}.</li>
 *   <li>{@link #priceLine}: a line of {@code quantity} units at that list price, less the volume
 *       discount of the band the quantity falls in. Bands are in base units: the line quantity
 *       times the unit's quantity in base units (5 ten-packs = 50 seats).</li>
 * </ol>
 */
public final class Pricing {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Pricing() {
    }

    /**
     * @param currency  the price list's currency
     * @param basePrice the base list's price for the same product and unit ({@link PricingMethod#PERCENT_OF_LIST}
     *                  only; same currency), otherwise ignored
     */
    public static Money listPrice(Currency currency, PriceDefinition definition, Money basePrice) {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(definition, "definition");
        definition.requireFits(currency);
        BigDecimal raw = switch (definition.method()) {
            case CURRENCY_AMOUNT -> definition.amount();
            case PERCENT_OF_LIST -> {
                if (basePrice == null) {
                    throw new PricingException("basePriceListId", "has no price for this product and unit");
                }
                if (!basePrice.currency().equals(currency)) {
                    throw new PricingException("basePriceListId", "is in " + basePrice.currency().getCurrencyCode()
                            + ", not " + currency.getCurrencyCode() + " (no exchange rates in price lists)");
                }
                // Exact: a percentage has finitely many decimals, so the product does too.
                yield basePrice.amount().multiply(definition.percent()).divide(HUNDRED, MathContext.UNLIMITED);
            }
        };
        return new Money(definition.rounding().apply(raw, currency), currency);
    }

    /**
     * @param unitPrice    the list price per unit (from {@link #listPrice}, or as replicated)
     * @param unitQuantity how many base units one unit is (1 for the base unit, 10 for a 10-pack)
     * @param discount     the item's discount list, or null
     * @param quantity     how many units; greater than zero
     */
    public static LinePrice priceLine(Money unitPrice, BigDecimal unitQuantity, DiscountList discount, BigDecimal quantity) {
        Objects.requireNonNull(unitPrice, "unitPrice");
        if (quantity == null || quantity.signum() <= 0) {
            throw new PricingException("quantity", "must be greater than zero");
        }
        if (unitQuantity == null || unitQuantity.signum() <= 0) {
            throw new PricingException("unitQuantity", "must be greater than zero");
        }
        Money gross = unitPrice.times(quantity);
        Money volumeDiscount = Money.zero(unitPrice.currency());
        if (discount != null) {
            BigDecimal baseQuantity = quantity.multiply(unitQuantity);
            var band = discount.bandFor(baseQuantity);
            if (band.isPresent()) {
                volumeDiscount = switch (discount.type()) {
                    case PERCENTAGE -> gross.percent(band.get().value());
                    case AMOUNT -> new Money(band.get().value().multiply(quantity), unitPrice.currency());
                };
                if (volumeDiscount.isGreaterThan(gross)) {
                    volumeDiscount = gross; // an amount off can take a line to zero, never below
                }
            }
        }
        return new LinePrice(unitPrice, quantity, gross, volumeDiscount, gross.minus(volumeDiscount));
    }
}
