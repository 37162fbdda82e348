package dev.salescrm.catalog.product.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A product: unique SKU (the ERP's key), sold in the units of one unit group. */
public record Product(UUID id, String sku, String name, String description, UUID unitGroupId, UUID defaultUnitId,
                      ProductStatus status, long version, Instant createdAt, Instant updatedAt) {

    public static Product create(UUID id, String sku, String name, String description, UnitGroup group,
                                 UUID defaultUnitId, ProductStatus status, Instant now) {
        requireUnitOf(group, defaultUnitId);
        return new Product(id, sku, name, description, group.id(), defaultUnitId, status, 1, now, now);
    }

    /** The product with new details; the same instance when nothing changes (nothing to store or announce). */
    public Product update(String newName, String newDescription, UnitGroup group, UUID newDefaultUnitId, Instant now) {
        if (Objects.equals(name, newName) && Objects.equals(description, newDescription)
                && Objects.equals(defaultUnitId, newDefaultUnitId)) {
            return this;
        }
        require(ProductAction.UPDATE);
        requireUnitOf(group, newDefaultUnitId);
        return new Product(id, sku, newName, newDescription, unitGroupId, newDefaultUnitId, status, version + 1,
                createdAt, now);
    }

    public Product activate(Instant now) {
        require(ProductAction.ACTIVATE);
        return withStatus(ProductStatus.ACTIVE, now);
    }

    public Product retire(Instant now) {
        require(ProductAction.RETIRE);
        return withStatus(ProductStatus.RETIRED, now);
    }

    /** May this product get or change a price? */
    public void requirePriceable() {
        require(ProductAction.PRICE);
    }

    private Product withStatus(ProductStatus next, Instant now) {
        return new Product(id, sku, name, description, unitGroupId, defaultUnitId, next, version + 1, createdAt, now);
    }

    private void require(ProductAction action) {
        if (!action.allowedIn(status)) {
            throw new IllegalProductTransition(status, action);
        }
    }

    private static void requireUnitOf(UnitGroup group, UUID unitId) {
        if (!group.contains(unitId)) {
            throw new IllegalArgumentException("unit " + unitId + " is not in unit group " + group.name());
        }
    }
}
