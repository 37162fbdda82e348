package dev.salescrm.catalog.product;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.catalog.product.domain.Unit;
import dev.salescrm.catalog.product.domain.UnitGroup;
import dev.salescrm.platform.web.PageRequest;

/** Unit groups and their units, through plain SQL. */
@Repository
public class UnitGroupRepository {

    private final DatabaseClient db;

    UnitGroupRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> insert(UnitGroup group) {
        OffsetDateTime at = group.createdAt().atOffset(ZoneOffset.UTC);
        return db.sql("""
                        INSERT INTO unit_group (id, name, base_unit_id, version, created_at, updated_at)
                        VALUES (:id, :name, :base, :version, :at, :at)""")
                .bind("id", group.id()).bind("name", group.name()).bind("base", group.baseUnitId())
                .bind("version", group.version()).bind("at", at)
                .fetch().rowsUpdated()
                .thenMany(Flux.fromIterable(group.units()).concatMap(this::insertUnit))
                .then();
    }

    Mono<Void> insertUnit(Unit unit) {
        return db.sql("INSERT INTO unit (id, unit_group_id, name, quantity) VALUES (:id, :group, :name, :quantity)")
                .bind("id", unit.id()).bind("group", unit.unitGroupId()).bind("name", unit.name())
                .bind("quantity", unit.quantity())
                .fetch().rowsUpdated().then();
    }

    /** Bumps the group's version (a unit was added), guarded by the expected version. */
    Mono<Boolean> touch(UUID id, long expectedVersion, Instant now) {
        return db.sql("UPDATE unit_group SET version = version + 1, updated_at = :now WHERE id = :id AND version = :v")
                .bind("id", id).bind("v", expectedVersion).bind("now", now.atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated().map(rows -> rows == 1);
    }

    public Mono<UnitGroup> findById(UUID id) {
        return db.sql("SELECT * FROM unit_group WHERE id = :id").bind("id", id)
                .map(row -> new Object[] {row.get("id", UUID.class), row.get("name", String.class),
                        row.get("base_unit_id", UUID.class), row.get("version", Long.class),
                        row.get("created_at", OffsetDateTime.class)})
                .one()
                .flatMap(head -> units((UUID) head[0]).map(units -> new UnitGroup((UUID) head[0], (String) head[1],
                        (UUID) head[2], units, (Long) head[3], ((OffsetDateTime) head[4]).toInstant())));
    }

    public Mono<UnitGroup> findByName(String name) {
        return db.sql("SELECT id FROM unit_group WHERE lower(name) = lower(:name)").bind("name", name)
                .map(row -> row.get("id", UUID.class)).one().flatMap(this::findById);
    }

    /** The group a unit belongs to. */
    public Mono<UnitGroup> findByUnit(UUID unitId) {
        return db.sql("SELECT unit_group_id FROM unit WHERE id = :id").bind("id", unitId)
                .map(row -> row.get("unit_group_id", UUID.class)).one().flatMap(this::findById);
    }

    Flux<UnitGroup> findPage(PageRequest page) {
        String sql = "SELECT id FROM unit_group" + (page.hasCursor() ? " WHERE id > :after" : "") + " ORDER BY id LIMIT :limit";
        var spec = db.sql(sql).bind("limit", page.fetchSize());
        if (page.hasCursor()) {
            spec = spec.bind("after", page.cursor().uuid(0));
        }
        return spec.map(row -> row.get("id", UUID.class)).all().concatMap(this::findById);
    }

    private Mono<List<Unit>> units(UUID groupId) {
        return db.sql("SELECT * FROM unit WHERE unit_group_id = :g ORDER BY quantity, name").bind("g", groupId)
                .map(row -> new Unit(row.get("id", UUID.class), groupId, row.get("name", String.class),
                        row.get("quantity", BigDecimal.class).stripTrailingZeros()))
                .all().collect(ArrayList::new, List::add);
    }
}
