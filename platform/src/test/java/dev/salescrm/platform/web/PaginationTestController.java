package dev.salescrm.platform.web;

import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** A keyset-paginated list the way services write one: order by UUIDv7 id, fetch limit + 1. */
@RestController
class PaginationTestController {

    record Item(UUID id, String name) {
    }

    private final DatabaseClient db;

    PaginationTestController(DatabaseClient db) {
        this.db = db;
    }

    @GetMapping("/test/pages/items")
    Mono<Page<Item>> items(PageRequest page) {
        var query = page.hasCursor()
                ? db.sql("SELECT id, name FROM web_item WHERE id > $1 ORDER BY id LIMIT $2")
                        .bind(0, page.cursor().uuid(0)).bind(1, page.fetchSize())
                : db.sql("SELECT id, name FROM web_item ORDER BY id LIMIT $1").bind(0, page.fetchSize());
        return query.map(r -> new Item(r.get("id", UUID.class), r.get("name", String.class))).all()
                .collectList()
                .map(rows -> Page.of(rows, page, item -> Cursor.of(item.id())));
    }
}
