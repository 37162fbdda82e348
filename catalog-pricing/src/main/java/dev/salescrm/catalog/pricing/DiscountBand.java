package dev.salescrm.catalog.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One quantity band of a discount list: {@code fromQuantity} inclusive, {@code toQuantity}
 * exclusive (null: no upper end), quantities in the unit group's <em>base</em> units. Half-open
 * bands tile the quantity line without gaps or double matches, also for fractional quantities:
 * [1, 10) [10, 50) [50, ∞) — 10 seats are in the second band, 9.99 in the first.
 */
public record DiscountBand(BigDecimal fromQuantity, BigDecimal toQuantity, BigDecimal value) {

    public DiscountBand {
        Objects.requireNonNull(fromQuantity, "fromQuantity");
        Objects.requireNonNull(value, "value");
    }

    public boolean contains(BigDecimal baseQuantity) {
        return baseQuantity.compareTo(fromQuantity) >= 0
                && (toQuantity == null || baseQuantity.compareTo(toQuantity) < 0);
    }
}
