package dev.salescrm.catalog.pricing.replica;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.catalog.pricing.DiscountBand;
import dev.salescrm.catalog.pricing.DiscountList;
import dev.salescrm.catalog.pricing.DiscountType;
import dev.salescrm.catalog.pricing.LinePrice;
import dev.salescrm.catalog.pricing.Pricing;
import dev.salescrm.platform.money.Money;

/**
 * A consuming service's local copy of the catalog's prices, and "price this line" from it — with
 * the same pricing function catalog-service uses, so the answer is the catalog's answer, also
 * while catalog-service is down.
 *
 * <p>Applying a record is idempotent: a record with a value <em>is</em> the price of its key
 * (upsert), a tombstone deletes the key. A record older than the one the row came from (a lower
 * offset of the same partition: a redelivery, or the whole topic read again from the start) changes
 * nothing — not even {@code replicated_at} — so a replay never shows an old price, even for a moment,
 * and no inbox is needed (a tombstone has no event id to record anyway). Were the topic ever
 * recreated (offsets from 0 again), the replica must be emptied with it.
 */
public class PriceReplica {

    private static final String UPSERT = """
            INSERT INTO price_replica (price_key, price_list_id, product_id, unit_id, sku, currency, price, unit_quantity,
                                       discount, version, source_partition, source_offset, replicated_at)
            VALUES (:key, :list, :product, :unit, :sku, :currency, :price, :unitQuantity, CAST(:discount AS jsonb),
                    :version, :partition, :offset, now())
            ON CONFLICT (price_key) DO UPDATE SET
                price_list_id = EXCLUDED.price_list_id, product_id = EXCLUDED.product_id, unit_id = EXCLUDED.unit_id,
                sku = EXCLUDED.sku, currency = EXCLUDED.currency, price = EXCLUDED.price,
                unit_quantity = EXCLUDED.unit_quantity, discount = EXCLUDED.discount, version = EXCLUDED.version,
                source_partition = EXCLUDED.source_partition, source_offset = EXCLUDED.source_offset,
                replicated_at = now()
            WHERE price_replica.source_partition <> EXCLUDED.source_partition
               OR price_replica.source_offset < EXCLUDED.source_offset
            """;

    private final DatabaseClient db;
    private final JsonMapper json;

    public PriceReplica(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** Applies one record of {@code crm.catalog.prices.v1}: upsert its price, or delete it for a tombstone. */
    public Mono<Void> apply(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            return Mono.error(new IllegalArgumentException("a price record without a key"));
        }
        if (record.value() == null) {
            return db.sql("""
                            DELETE FROM price_replica
                             WHERE price_key = :key AND (source_partition <> :partition OR source_offset < :offset)
                            """)
                    .bind("key", record.key()).bind("partition", record.partition()).bind("offset", record.offset())
                    .fetch().rowsUpdated().then();
        }
        return Mono.fromCallable(() -> json.readTree(record.value()))
                .flatMap(event -> upsert(record, event));
    }

    private Mono<Void> upsert(ConsumerRecord<String, String> record, JsonNode event) {
        JsonNode price = event.required("price");
        Money money = Money.of(price.required("amount").asString(), price.required("currency").asString());
        JsonNode discount = event.get("discount");
        String unitQuantity = event.hasNonNull("unitQuantity") ? event.get("unitQuantity").asString() : "1";
        return db.sql(UPSERT)
                .bind("key", record.key())
                .bind("list", UUID.fromString(event.required("priceListId").asString()))
                .bind("product", UUID.fromString(event.required("productId").asString()))
                .bind("unit", UUID.fromString(event.required("unitId").asString()))
                .bind("sku", Parameter.fromOrEmpty(event.hasNonNull("sku") ? event.get("sku").asString() : null, String.class))
                .bind("currency", money.currency().getCurrencyCode())
                .bind("price", money.amount())
                .bind("unitQuantity", new BigDecimal(unitQuantity))
                .bind("discount", Parameter.fromOrEmpty(discount == null || discount.isNull() ? null
                        : json.writeValueAsString(discount), String.class))
                .bind("version", Parameter.fromOrEmpty(event.hasNonNull("version") ? event.get("version").asLong() : null,
                        Long.class))
                .bind("partition", record.partition())
                .bind("offset", record.offset())
                .fetch().rowsUpdated().then();
    }

    /** The replicated price of a product in a unit on a price list, if there is one. */
    public Mono<ReplicatedPrice> find(UUID priceListId, UUID productId, UUID unitId) {
        return db.sql("SELECT * FROM price_replica WHERE price_list_id = :list AND product_id = :product AND unit_id = :unit")
                .bind("list", priceListId).bind("product", productId).bind("unit", unitId)
                .map(this::toPrice).one();
    }

    /**
     * Prices a line of {@code quantity} units with {@link Pricing#priceLine}: empty when the price
     * list has no price for the product in that unit.
     */
    public Mono<LinePrice> priceLine(UUID priceListId, UUID productId, UUID unitId, BigDecimal quantity) {
        return find(priceListId, productId, unitId)
                .map(p -> Pricing.priceLine(p.price(), p.unitQuantity(), p.discount(), quantity));
    }

    /** How many prices the replica holds. */
    public Mono<Long> size() {
        return db.sql("SELECT count(*) AS n FROM price_replica").map(row -> row.get("n", Long.class)).one();
    }

    private ReplicatedPrice toPrice(Readable row) {
        String discount = row.get("discount", String.class);
        return new ReplicatedPrice(row.get("price_list_id", UUID.class), row.get("product_id", UUID.class),
                row.get("unit_id", UUID.class), row.get("sku", String.class),
                Money.of(row.get("price", BigDecimal.class), row.get("currency", String.class)),
                row.get("unit_quantity", BigDecimal.class).stripTrailingZeros(),
                discount == null ? null : discountList(json.readTree(discount)), row.get("version", Long.class));
    }

    static DiscountList discountList(JsonNode discount) {
        List<DiscountBand> bands = new ArrayList<>();
        for (JsonNode band : discount.required("bands")) {
            bands.add(new DiscountBand(new BigDecimal(band.required("fromQuantity").asString()),
                    Optional.ofNullable(band.get("toQuantity")).filter(n -> !n.isNull())
                            .map(n -> new BigDecimal(n.asString())).orElse(null),
                    new BigDecimal(band.required("value").asString())));
        }
        return new DiscountList(DiscountType.valueOf(discount.required("type").asString()), bands);
    }
}
