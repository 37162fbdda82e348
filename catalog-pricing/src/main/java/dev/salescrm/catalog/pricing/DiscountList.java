package dev.salescrm.catalog.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Volume discounts attached to a price list item: quantity bands (see {@link DiscountBand} for
 * the boundaries) mapping to a percentage or an amount per unit. Bands are sorted, do not overlap,
 * and only the last may be open-ended; a quantity in no band gets no discount.
 */
public record DiscountList(DiscountType type, List<DiscountBand> bands) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public DiscountList {
        if (type == null) {
            throw new PricingException("discount.type", "is required (PERCENTAGE or AMOUNT)");
        }
        if (bands == null || bands.isEmpty()) {
            throw new PricingException("discount.bands", "at least one band");
        }
        bands = List.copyOf(bands);
        for (int i = 0; i < bands.size(); i++) {
            DiscountBand band = Objects.requireNonNull(bands.get(i), "band");
            String at = "discount.bands[" + i + "]";
            if (band.fromQuantity().signum() < 0) {
                throw new PricingException(at + ".fromQuantity", "must not be negative");
            }
            if (band.toQuantity() != null && band.toQuantity().compareTo(band.fromQuantity()) <= 0) {
                throw new PricingException(at + ".toQuantity", "must be greater than fromQuantity");
            }
            if (band.value().signum() < 0) {
                throw new PricingException(at + ".value", "must not be negative");
            }
            if (type == DiscountType.PERCENTAGE && band.value().compareTo(HUNDRED) > 0) {
                throw new PricingException(at + ".value", "a percentage is at most 100");
            }
            if (i > 0) {
                DiscountBand previous = bands.get(i - 1);
                if (previous.toQuantity() == null) {
                    throw new PricingException("discount.bands[" + (i - 1) + "].toQuantity",
                            "only the last band may be open-ended");
                }
                if (band.fromQuantity().compareTo(previous.toQuantity()) < 0) {
                    throw new PricingException(at + ".fromQuantity",
                            "overlaps the previous band (bands are sorted, from inclusive, to exclusive)");
                }
            }
        }
    }

    /** The band a quantity (in base units) falls in, if any. */
    public Optional<DiscountBand> bandFor(BigDecimal baseQuantity) {
        return bands.stream().filter(band -> band.contains(baseQuantity)).findFirst();
    }
}
