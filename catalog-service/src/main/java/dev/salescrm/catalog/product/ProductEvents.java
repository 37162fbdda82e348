package dev.salescrm.catalog.product;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.salescrm.catalog.product.domain.Product;
import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.outbox.OutboxEvent;

/** Product events on {@code crm.catalog.events.v1}, keyed by product id (schemas in contracts). */
public final class ProductEvents {

    static final String AGGREGATE = "product";

    private ProductEvents() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ProductUpsertedV1(UUID productId, String sku, String name, String description, UUID unitGroupId,
                             UUID defaultUnitId, String status, long version, Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ProductRetiredV1(UUID productId, String sku, long version, Instant occurredAt, String actor) {
    }

    public static OutboxEvent upserted(Product p, String actor) {
        return OutboxEvent.of(Topics.CATALOG_EVENTS, AGGREGATE, p.id(), EventTypes.PRODUCT_UPSERTED,
                new ProductUpsertedV1(p.id(), p.sku(), p.name(), p.description(), p.unitGroupId(), p.defaultUnitId(),
                        p.status().name(), p.version(), p.updatedAt(), actor));
    }

    static OutboxEvent retired(Product p, String actor) {
        return OutboxEvent.of(Topics.CATALOG_EVENTS, AGGREGATE, p.id(), EventTypes.PRODUCT_RETIRED,
                new ProductRetiredV1(p.id(), p.sku(), p.version(), p.updatedAt(), actor));
    }
}
