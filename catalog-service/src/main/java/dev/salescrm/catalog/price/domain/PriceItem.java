package dev.salescrm.catalog.price.domain;

import java.time.Instant;
import java.util.Currency;
import java.util.Objects;
import java.util.UUID;

import dev.salescrm.catalog.pricing.DiscountList;
import dev.salescrm.catalog.pricing.PriceDefinition;
import dev.salescrm.catalog.pricing.Pricing;
import dev.salescrm.catalog.pricing.PricingMethod;
import dev.salescrm.platform.money.Money;

/**
 * A price list item: the price of a product in a unit on a list, how it is set (definition,
 * base list for PERCENT_OF_LIST), its discount list, and the list price that results — the value
 * published on the compacted price topic.
 */
public record PriceItem(UUID id, UUID priceListId, UUID productId, UUID unitId, PriceDefinition definition,
                        UUID basePriceListId, DiscountList discount, Money price, long version, Instant createdAt,
                        Instant updatedAt) {

    public PriceItem {
        if ((definition.method() == PricingMethod.PERCENT_OF_LIST) != (basePriceListId != null)) {
            throw new IllegalArgumentException("a base price list goes with PERCENT_OF_LIST, and only with it");
        }
    }

    public static PriceItem create(UUID id, UUID priceListId, UUID productId, UUID unitId, Currency currency,
                                   PriceDefinition definition, UUID basePriceListId, DiscountList discount,
                                   Money basePrice, Instant now) {
        Money price = Pricing.listPrice(currency, definition, basePrice);
        return new PriceItem(id, priceListId, productId, unitId, definition, basePriceListId, discount, price, 1, now, now);
    }

    /** The item with a new definition; the same instance when nothing changes (nothing to publish). */
    public PriceItem redefine(PriceDefinition newDefinition, UUID newBasePriceListId, DiscountList newDiscount,
                              Money basePrice, Instant now) {
        Money newPrice = Pricing.listPrice(price.currency(), newDefinition, basePrice);
        if (sameDefinition(newDefinition, newBasePriceListId, newDiscount) && newPrice.equals(price)) {
            return this;
        }
        return new PriceItem(id, priceListId, productId, unitId, newDefinition, newBasePriceListId, newDiscount,
                newPrice, version + 1, createdAt, now);
    }

    /** The base list's price changed: recompute; the same instance when the result is the same. */
    public PriceItem rebase(Money basePrice, Instant now) {
        return redefine(definition, basePriceListId, discount, basePrice, now);
    }

    private boolean sameDefinition(PriceDefinition d, UUID base, DiscountList disc) {
        return sameNumbers(definition, d) && Objects.equals(basePriceListId, base) && sameDiscount(discount, disc);
    }

    private static boolean sameNumbers(PriceDefinition a, PriceDefinition b) {
        return a.method() == b.method() && same(a.amount(), b.amount()) && same(a.percent(), b.percent())
                && a.rounding().policy() == b.rounding().policy()
                && same(a.rounding().multiple(), b.rounding().multiple());
    }

    private static boolean sameDiscount(DiscountList a, DiscountList b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.type() != b.type() || a.bands().size() != b.bands().size()) {
            return false;
        }
        for (int i = 0; i < a.bands().size(); i++) {
            var x = a.bands().get(i);
            var y = b.bands().get(i);
            if (!same(x.fromQuantity(), y.fromQuantity()) || !same(x.toQuantity(), y.toQuantity())
                    || !same(x.value(), y.value())) {
                return false;
            }
        }
        return true;
    }

    /** Numerically equal (1.50 = 1.5), both absent, or neither. */
    private static boolean same(java.math.BigDecimal a, java.math.BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    /** The compacted topic's key: {@code priceListId:productId:unitId}. */
    public String key() {
        return priceListId + ":" + productId + ":" + unitId;
    }
}
