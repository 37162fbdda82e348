package dev.salescrm.catalog.price;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.salescrm.catalog.price.domain.PriceItem;
import dev.salescrm.catalog.price.domain.PriceList;
import dev.salescrm.catalog.pricing.replica.PriceUpsertedV1;
import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.outbox.OutboxEvent;

/**
 * Price list headers on {@code crm.catalog.events.v1} (key: price list id) and prices on the
 * compacted {@code crm.catalog.prices.v1} (key: {@code priceListId:productId:unitId}).
 */
final class PriceEvents {

    private PriceEvents() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PriceListUpsertedV1(UUID priceListId, String name, String currency, LocalDate validFrom, LocalDate validTo,
                               long version, Instant occurredAt, String actor) {
    }

    static OutboxEvent priceListUpserted(PriceList list, String actor) {
        return OutboxEvent.of(Topics.CATALOG_EVENTS, "price-list", list.id(), EventTypes.PRICE_LIST_UPSERTED,
                new PriceListUpsertedV1(list.id(), list.name(), list.currency().getCurrencyCode(), list.validFrom(),
                        list.validTo(), list.version(), list.createdAt(), actor));
    }

    static OutboxEvent priceUpserted(PriceItem item, String sku, BigDecimal unitQuantity, String actor) {
        return OutboxEvent.of(Topics.CATALOG_PRICES, "price", item.key(), EventTypes.PRICE_UPSERTED,
                payload(item, sku, unitQuantity, item.updatedAt(), actor));
    }

    /** The removal of a price: a tombstone once sent (see {@link PriceTombstones}). */
    static OutboxEvent priceRemoved(PriceItem item, String sku, BigDecimal unitQuantity, Instant at, String actor) {
        return OutboxEvent.of(Topics.CATALOG_PRICES, "price", item.key(), EventTypes.PRICE_UPSERTED,
                        payload(item, sku, unitQuantity, at, actor))
                .withHeader(PriceTombstones.MARKER, "true");
    }

    private static PriceUpsertedV1 payload(PriceItem item, String sku, BigDecimal unitQuantity, Instant at, String actor) {
        return new PriceUpsertedV1(item.priceListId(), item.productId(), item.unitId(), item.price(), sku,
                PriceUpsertedV1.plain(unitQuantity), item.definition().method().name(),
                PriceUpsertedV1.Discount.of(item.discount()), item.version(), at, actor);
    }
}
