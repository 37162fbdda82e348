package dev.salescrm.catalog.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * Rounding of a list price: a policy and the multiple to round to (e.g. UP to 1000 IRR, NEAREST to
 * 0.05 USD). Without a multiple the currency's minor unit is used (0.01 USD, 1 JPY, 0.001 KWD).
 */
public record Rounding(RoundingPolicy policy, BigDecimal multiple) {

    public static final Rounding NONE = new Rounding(RoundingPolicy.NONE, null);

    public Rounding {
        Objects.requireNonNull(policy, "policy");
        if (multiple != null) {
            if (multiple.signum() <= 0) {
                throw new PricingException("rounding.multiple", "must be greater than zero");
            }
            multiple = multiple.stripTrailingZeros();
            if (policy == RoundingPolicy.NONE) {
                throw new PricingException("rounding.multiple", "only with policy UP, DOWN or NEAREST");
            }
        }
    }

    public static Rounding of(RoundingPolicy policy, BigDecimal multiple) {
        return policy == null ? NONE : new Rounding(policy, multiple);
    }

    /** Fails unless the multiple can be expressed in the currency (no 0.001 for USD). */
    public void requireFits(Currency currency) {
        if (multiple != null && multiple.scale() > currency.getDefaultFractionDigits()) {
            throw new PricingException("rounding.multiple", "must be a multiple of the minor unit of "
                    + currency.getCurrencyCode() + " (" + currency.getDefaultFractionDigits() + " decimals)");
        }
    }

    /** The amount rounded to the multiple (not yet to the currency's minor units). */
    BigDecimal apply(BigDecimal amount, Currency currency) {
        if (policy == RoundingPolicy.NONE) {
            return amount;
        }
        requireFits(currency);
        BigDecimal step = multiple != null ? multiple : BigDecimal.ONE.movePointLeft(currency.getDefaultFractionDigits());
        RoundingMode mode = switch (policy) {
            case UP -> RoundingMode.CEILING;
            case DOWN -> RoundingMode.FLOOR;
            case NEAREST -> RoundingMode.HALF_UP;
            case NONE -> throw new AssertionError();
        };
        return amount.divide(step, 0, mode).multiply(step);
    }
}
