package dev.salescrm.catalog.pricing;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * How a price list item's list price is set: a currency amount, or a percentage of another
 * list's price for the same product and unit; then rounded.
 *
 * @param amount  the price, for {@link PricingMethod#CURRENCY_AMOUNT}
 * @param percent the percentage of the base list's price, for {@link PricingMethod#PERCENT_OF_LIST}
 */
public record PriceDefinition(PricingMethod method, BigDecimal amount, BigDecimal percent, Rounding rounding) {

    public PriceDefinition {
        if (method == null) {
            method = PricingMethod.CURRENCY_AMOUNT;
        }
        rounding = rounding == null ? Rounding.NONE : rounding;
        switch (method) {
            case CURRENCY_AMOUNT -> {
                if (amount == null) {
                    throw new PricingException("amount", "is required for pricing method CURRENCY_AMOUNT");
                }
                if (amount.signum() < 0) {
                    throw new PricingException("amount", "must not be negative");
                }
                if (percent != null) {
                    throw new PricingException("percent", "only for pricing method PERCENT_OF_LIST");
                }
            }
            case PERCENT_OF_LIST -> {
                if (percent == null) {
                    throw new PricingException("percent", "is required for pricing method PERCENT_OF_LIST");
                }
                if (percent.signum() < 0) {
                    throw new PricingException("percent", "must not be negative");
                }
                if (amount != null) {
                    throw new PricingException("amount", "only for pricing method CURRENCY_AMOUNT");
                }
            }
        }
    }

    public static PriceDefinition amount(BigDecimal amount, Rounding rounding) {
        return new PriceDefinition(PricingMethod.CURRENCY_AMOUNT, amount, null, rounding);
    }

    public static PriceDefinition percentOfList(BigDecimal percent, Rounding rounding) {
        return new PriceDefinition(PricingMethod.PERCENT_OF_LIST, null, percent, rounding);
    }

    /** Fails with the field to fix when this definition cannot be priced in the currency. */
    public void requireFits(Currency currency) {
        rounding.requireFits(currency);
        if (amount != null && amount.stripTrailingZeros().scale() > currency.getDefaultFractionDigits()) {
            throw new PricingException("amount", "has more decimals than " + currency.getCurrencyCode() + " has ("
                    + currency.getDefaultFractionDigits() + ")");
        }
    }
}
