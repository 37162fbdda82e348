package dev.salescrm.platform.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.salescrm.platform.money.Money;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Endpoints that fail in every way the problem-details test checks. */
@RestController
class ProblemTestController {

    enum Kind { STANDARD, RUSH }

    record Line(@NotNull Money price, int quantity) {
    }

    record OrderRequest(@NotBlank String name, @NotNull @Positive Integer quantity, Money price, UUID customerId,
                        Kind kind, List<@Valid Line> lines) {
    }

    private final DatabaseClient db;

    ProblemTestController(DatabaseClient db) {
        this.db = db;
    }

    @GetMapping("/test/web/notes/{id}")
    Mono<Map<String, Object>> note(@PathVariable UUID id) {
        return Mono.error(new NotFoundException("note", id));
    }

    @PostMapping("/test/web/notes/{id}/archive")
    Mono<Void> archive(@PathVariable UUID id) {
        return Mono.error(new IllegalTransitionException("note", id, "ARCHIVED", "archive"));
    }

    @PostMapping("/test/web/conflict")
    Mono<Void> conflict() {
        return Mono.error(new ConcurrentUpdateException("note", "n1"));
    }

    /** The note is at version 3. */
    @PatchMapping("/test/web/notes/{id}")
    ResponseEntity<Map<String, Object>> patch(@PathVariable UUID id,
                                              @RequestHeader(value = ETags.IF_MATCH, required = false) String ifMatch) {
        ETags.requireMatch(ifMatch, 3);
        return ResponseEntity.ok().eTag(ETags.of(4)).body(Map.of("id", id, "version", 4));
    }

    @PostMapping(path = "/test/web/orders", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<OrderRequest> order(@Valid @RequestBody OrderRequest order) {
        return ResponseEntity.status(201).body(order);
    }

    @GetMapping("/test/web/search")
    Map<String, Object> search(@RequestParam int count) {
        return Map.of("count", count);
    }

    @PostMapping("/test/web/invalid")
    Mono<Void> invalid() {
        return Mono.error(new InvalidRequestException("closeDate", "must not be before the start date"));
    }

    @GetMapping("/test/web/mixed-currencies")
    Money mixed() {
        return Money.of("1", "USD").plus(Money.of("1", "EUR"));
    }

    @GetMapping("/test/web/boom")
    Mono<Void> boom() {
        return Mono.error(new IllegalStateException("SELECT secret_column FROM secret_table failed at dev.salescrm.Secret"));
    }

    /** A server that does not answer: the port was free a moment ago, so nothing listens on it. */
    @GetMapping("/test/web/database-unreachable")
    Mono<Long> databaseUnreachable() throws java.io.IOException {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        io.r2dbc.spi.ConnectionFactory nowhere = io.r2dbc.spi.ConnectionFactories.get(
                "r2dbc:postgresql://postgres@127.0.0.1:" + port + "/crm?connectTimeout=PT2S");
        return DatabaseClient.create(nowhere).sql("SELECT 1").map(r -> r.get(0, Long.class)).one();
    }

    /** The server ends this request's session mid-statement, as it ends every session when it restarts. */
    @GetMapping("/test/web/session-terminated")
    Mono<Boolean> sessionTerminated() {
        return db.sql("SELECT pg_terminate_backend(pg_backend_pid())").map(r -> r.get(0, Boolean.class)).one();
    }

    /** The database refuses the work itself (a trigger's RAISE EXCEPTION, SQLSTATE P0001): a bug, not an outage. */
    @GetMapping("/test/web/raised-by-database")
    Mono<Long> raisedByDatabase() {
        return db.sql("DO $$ BEGIN RAISE EXCEPTION 'the work itself is refused'; END $$").fetch().rowsUpdated();
    }

    @GetMapping("/test/web/bad-sql")
    Mono<Long> badSql() {
        return db.sql("SELECT count(*) FROM secret_table_that_does_not_exist").map(r -> r.get(0, Long.class)).one();
    }

    @PostMapping("/test/web/big/raw")
    Mono<Map<String, Object>> raw(@RequestBody Flux<DataBuffer> body) {
        return body.map(b -> {
            int n = b.readableByteCount();
            DataBufferUtils.release(b);
            return (long) n;
        }).reduce(0L, Long::sum).map(n -> Map.of("bytes", n));
    }

    @PostMapping(path = "/test/web/big/json", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> bigJson(@RequestBody Map<String, Object> body) {
        return Map.of("members", body.size());
    }
}
