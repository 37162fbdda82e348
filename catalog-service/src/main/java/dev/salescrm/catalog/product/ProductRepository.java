package dev.salescrm.catalog.product;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.catalog.product.domain.Product;
import dev.salescrm.catalog.product.domain.ProductStatus;
import dev.salescrm.platform.web.ConcurrentUpdateException;
import dev.salescrm.platform.web.PageRequest;

/** Products in PostgreSQL through plain SQL; updates are guarded by the expected version. */
@Repository
public class ProductRepository {

    private static final String COLUMNS =
            "sku, name, description, unit_group_id, default_unit_id, status, version, created_at, updated_at";
    private static final String VALUES =
            ":sku, :name, :description, :unitGroupId, :defaultUnitId, :status, :version, :createdAt, :updatedAt";

    private final DatabaseClient db;

    ProductRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> insert(Product product) {
        return bind(db.sql("INSERT INTO product (id, " + COLUMNS + ") VALUES (:id, " + VALUES + ")"), product)
                .fetch().rowsUpdated().then();
    }

    public Mono<Void> update(Product product, long expectedVersion) {
        return bind(db.sql("UPDATE product SET (" + COLUMNS + ") = (" + VALUES + ") WHERE id = :id AND version = :expected"),
                product).bind("expected", expectedVersion)
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 1 ? Mono.<Void>empty()
                        : Mono.error(new ConcurrentUpdateException("product", product.id())));
    }

    public Mono<Product> findById(UUID id) {
        return db.sql("SELECT * FROM product WHERE id = :id").bind("id", id).map(ProductRepository::toProduct).one();
    }

    public Mono<Product> findBySku(String sku) {
        return db.sql("SELECT * FROM product WHERE sku = :sku").bind("sku", sku).map(ProductRepository::toProduct).one();
    }

    /** Locks the rows of these SKUs (a sync holds them until it commits, so two syncs do not interleave). */
    public Flux<Product> findBySkusForUpdate(Collection<String> skus) {
        return db.sql("SELECT * FROM product WHERE sku = ANY(:skus) ORDER BY sku FOR UPDATE")
                .bind("skus", skus.toArray(String[]::new)).map(ProductRepository::toProduct).all();
    }

    Flux<Product> findPage(ProductStatus status, String sku, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT * FROM product WHERE TRUE");
        if (status != null) {
            sql.append(" AND status = :status");
        }
        if (sku != null) {
            sql.append(" AND sku = :sku");
        }
        if (page.hasCursor()) {
            sql.append(" AND id > :after");
        }
        sql.append(" ORDER BY id LIMIT :limit");
        var spec = db.sql(sql.toString()).bind("limit", page.fetchSize());
        if (status != null) {
            spec = spec.bind("status", status.name());
        }
        if (sku != null) {
            spec = spec.bind("sku", sku);
        }
        if (page.hasCursor()) {
            spec = spec.bind("after", page.cursor().uuid(0));
        }
        return spec.map(ProductRepository::toProduct).all();
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, Product p) {
        return spec.bind("id", p.id()).bind("sku", p.sku()).bind("name", p.name())
                .bind("description", Parameter.fromOrEmpty(p.description(), String.class))
                .bind("unitGroupId", p.unitGroupId()).bind("defaultUnitId", p.defaultUnitId())
                .bind("status", p.status().name()).bind("version", p.version())
                .bind("createdAt", p.createdAt().atOffset(ZoneOffset.UTC))
                .bind("updatedAt", p.updatedAt().atOffset(ZoneOffset.UTC));
    }

    private static Product toProduct(Readable row) {
        return new Product(row.get("id", UUID.class), row.get("sku", String.class), row.get("name", String.class),
                row.get("description", String.class), row.get("unit_group_id", UUID.class),
                row.get("default_unit_id", UUID.class), ProductStatus.valueOf(row.get("status", String.class)),
                row.get("version", Long.class), row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
