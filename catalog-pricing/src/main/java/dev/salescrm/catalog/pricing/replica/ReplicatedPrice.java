package dev.salescrm.catalog.pricing.replica;

import java.math.BigDecimal;
import java.util.UUID;

import dev.salescrm.catalog.pricing.DiscountList;
import dev.salescrm.platform.money.Money;

/** One price as replicated: the list price per unit, the unit's size in base units, the discount list. */
public record ReplicatedPrice(UUID priceListId, UUID productId, UUID unitId, String sku, Money price,
                              BigDecimal unitQuantity, DiscountList discount, Long version) {
}
