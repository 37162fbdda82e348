package dev.salescrm.catalog.price;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.catalog.price.domain.PriceItem;
import dev.salescrm.catalog.price.domain.PriceList;
import dev.salescrm.catalog.pricing.PriceDefinition;
import dev.salescrm.catalog.pricing.PricingMethod;
import dev.salescrm.catalog.pricing.Rounding;
import dev.salescrm.catalog.pricing.RoundingPolicy;
import dev.salescrm.catalog.pricing.replica.PriceUpsertedV1;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.web.ConcurrentUpdateException;
import dev.salescrm.platform.web.PageRequest;

/** Price lists and their items, through plain SQL; item updates are guarded by the expected version. */
@Repository
public class PriceRepository {

    private static final String ITEM_COLUMNS = """
            price_list_id, product_id, unit_id, pricing_method, amount, percent, base_price_list_id, rounding_policy,
            rounding_multiple, discount, price, version, created_at, updated_at""";
    private static final String ITEM_VALUES = """
            :priceListId, :productId, :unitId, :method, :amount, :percent, :base, :policy, :multiple,
            CAST(:discount AS jsonb), :price, :version, :createdAt, :updatedAt""";

    private static final String SELECT_ITEMS =
            "SELECT i.*, l.currency FROM price_list_item i JOIN price_list l ON l.id = i.price_list_id";

    private final DatabaseClient db;
    private final JsonMapper json;

    PriceRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    // ---- price lists -----------------------------------------------------------------------------

    Mono<Void> insert(PriceList list) {
        OffsetDateTime at = list.createdAt().atOffset(ZoneOffset.UTC);
        return db.sql("""
                        INSERT INTO price_list (id, name, currency, valid_from, valid_to, version, created_at, updated_at)
                        VALUES (:id, :name, :currency, :from, :to, :version, :at, :at)""")
                .bind("id", list.id()).bind("name", list.name()).bind("currency", list.currency().getCurrencyCode())
                .bind("from", Parameter.fromOrEmpty(list.validFrom(), LocalDate.class))
                .bind("to", Parameter.fromOrEmpty(list.validTo(), LocalDate.class))
                .bind("version", list.version()).bind("at", at)
                .fetch().rowsUpdated().then();
    }

    public Mono<PriceList> findList(UUID id) {
        return db.sql("SELECT * FROM price_list WHERE id = :id").bind("id", id).map(PriceRepository::toList).one();
    }

    Flux<PriceList> findListPage(PageRequest page) {
        var spec = db.sql("SELECT * FROM price_list" + (page.hasCursor() ? " WHERE id > :after" : "")
                + " ORDER BY id LIMIT :limit").bind("limit", page.fetchSize());
        if (page.hasCursor()) {
            spec = spec.bind("after", page.cursor().uuid(0));
        }
        return spec.map(PriceRepository::toList).all();
    }

    private static PriceList toList(Readable row) {
        return new PriceList(row.get("id", UUID.class), row.get("name", String.class),
                Currency.getInstance(row.get("currency", String.class)), row.get("valid_from", LocalDate.class),
                row.get("valid_to", LocalDate.class), row.get("version", Long.class),
                row.get("created_at", OffsetDateTime.class).toInstant());
    }

    // ---- items -----------------------------------------------------------------------------------

    Mono<Void> insert(PriceItem item) {
        return bind(db.sql("INSERT INTO price_list_item (id, " + ITEM_COLUMNS + ") VALUES (:id, " + ITEM_VALUES + ")"), item)
                .fetch().rowsUpdated().then();
    }

    Mono<Void> update(PriceItem item, long expectedVersion) {
        return bind(db.sql("UPDATE price_list_item SET (" + ITEM_COLUMNS + ") = (" + ITEM_VALUES
                        + ") WHERE id = :id AND version = :expected"), item)
                .bind("expected", expectedVersion)
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 1 ? Mono.<Void>empty()
                        : Mono.error(new ConcurrentUpdateException("price list item", item.id())));
    }

    Mono<Void> delete(PriceItem item) {
        return db.sql("DELETE FROM price_list_item WHERE id = :id AND version = :v").bind("id", item.id())
                .bind("v", item.version()).fetch().rowsUpdated()
                .flatMap(rows -> rows == 1 ? Mono.<Void>empty()
                        : Mono.error(new ConcurrentUpdateException("price list item", item.id())));
    }

    Mono<PriceItem> findItem(UUID id) {
        return db.sql(SELECT_ITEMS + " WHERE i.id = :id").bind("id", id).map(this::toItem).one();
    }

    /** The item of a product in a unit on a list, locked for the rest of the transaction. */
    Mono<PriceItem> findItemForUpdate(UUID priceListId, UUID productId, UUID unitId) {
        return db.sql(SELECT_ITEMS
                        + " WHERE i.price_list_id = :list AND i.product_id = :product AND i.unit_id = :unit FOR UPDATE OF i")
                .bind("list", priceListId).bind("product", productId).bind("unit", unitId)
                .map(this::toItem).one();
    }

    /** The item of a product in a unit on a list, for reading (no lock, no transaction needed). */
    Mono<PriceItem> findItemByKey(UUID priceListId, UUID productId, UUID unitId) {
        return db.sql(SELECT_ITEMS + " WHERE i.price_list_id = :list AND i.product_id = :product AND i.unit_id = :unit")
                .bind("list", priceListId).bind("product", productId).bind("unit", unitId)
                .map(this::toItem).one();
    }

    /** Items priced as a percentage of this list's price for the product and unit. */
    Flux<PriceItem> findDerived(UUID basePriceListId, UUID productId, UUID unitId) {
        return db.sql(SELECT_ITEMS + " WHERE i.base_price_list_id = :base AND i.product_id = :product"
                        + " AND i.unit_id = :unit ORDER BY i.id FOR UPDATE OF i")
                .bind("base", basePriceListId).bind("product", productId).bind("unit", unitId)
                .map(this::toItem).all();
    }

    Flux<PriceItem> findItemPage(UUID priceListId, UUID productId, PageRequest page) {
        StringBuilder sql = new StringBuilder(SELECT_ITEMS + " WHERE i.price_list_id = :list");
        if (productId != null) {
            sql.append(" AND i.product_id = :product");
        }
        if (page.hasCursor()) {
            sql.append(" AND i.id > :after");
        }
        sql.append(" ORDER BY i.id LIMIT :limit");
        var spec = db.sql(sql.toString()).bind("list", priceListId).bind("limit", page.fetchSize());
        if (productId != null) {
            spec = spec.bind("product", productId);
        }
        if (page.hasCursor()) {
            spec = spec.bind("after", page.cursor().uuid(0));
        }
        return spec.map(this::toItem).all();
    }

    private DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, PriceItem item) {
        PriceDefinition d = item.definition();
        return spec.bind("id", item.id()).bind("priceListId", item.priceListId()).bind("productId", item.productId())
                .bind("unitId", item.unitId()).bind("method", d.method().name())
                .bind("amount", Parameter.fromOrEmpty(d.amount(), BigDecimal.class))
                .bind("percent", Parameter.fromOrEmpty(d.percent(), BigDecimal.class))
                .bind("base", Parameter.fromOrEmpty(item.basePriceListId(), UUID.class))
                .bind("policy", d.rounding().policy().name())
                .bind("multiple", Parameter.fromOrEmpty(d.rounding().multiple(), BigDecimal.class))
                .bind("discount", Parameter.fromOrEmpty(item.discount() == null ? null
                        : json.writeValueAsString(PriceUpsertedV1.Discount.of(item.discount())), String.class))
                .bind("price", item.price().amount()).bind("version", item.version())
                .bind("createdAt", item.createdAt().atOffset(ZoneOffset.UTC))
                .bind("updatedAt", item.updatedAt().atOffset(ZoneOffset.UTC));
    }

    private PriceItem toItem(Readable row) {
        BigDecimal multiple = row.get("rounding_multiple", BigDecimal.class);
        PriceDefinition definition = new PriceDefinition(PricingMethod.valueOf(row.get("pricing_method", String.class)),
                strip(row.get("amount", BigDecimal.class)), strip(row.get("percent", BigDecimal.class)),
                Rounding.of(RoundingPolicy.valueOf(row.get("rounding_policy", String.class)), strip(multiple)));
        String discount = row.get("discount", String.class);
        return new PriceItem(row.get("id", UUID.class), row.get("price_list_id", UUID.class),
                row.get("product_id", UUID.class), row.get("unit_id", UUID.class), definition,
                row.get("base_price_list_id", UUID.class),
                discount == null ? null : json.readValue(discount, PriceUpsertedV1.Discount.class).toDiscountList(),
                priceOf(row), row.get("version", Long.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }

    /** The stored price in its list's currency (joined; an item never changes list). */
    private static Money priceOf(Readable row) {
        return new Money(row.get("price", BigDecimal.class), Currency.getInstance(row.get("currency", String.class)));
    }

    private static BigDecimal strip(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros();
    }
}
