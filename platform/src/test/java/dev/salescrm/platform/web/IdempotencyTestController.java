package dev.salescrm.platform.web;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Creates notes the way a service creates an aggregate: insert, then 201 + Location + ETag + body. */
@RestController
class IdempotencyTestController {

    record NewNote(String text) {
    }

    private final DatabaseClient db;
    /** Set by the test: the next /failing call inserts its note and then answers 500. */
    final AtomicBoolean failNext = new AtomicBoolean();
    volatile CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch release = new CountDownLatch(1);

    IdempotencyTestController(DatabaseClient db) {
        this.db = db;
    }

    @PostMapping("/test/idem/notes")
    Mono<ResponseEntity<Map<String, Object>>> create(@RequestBody NewNote note) {
        return insert(note);
    }

    @PostMapping("/test/idem/failing")
    Mono<ResponseEntity<Map<String, Object>>> failing(@RequestBody NewNote note) {
        return insert(note).flatMap(created -> failNext.getAndSet(false)
                ? Mono.error(new IllegalStateException("simulated failure after the insert"))
                : Mono.just(created));
    }

    /** Inserts, then waits (off the event loop) until the test releases it. */
    @PostMapping("/test/idem/held")
    Mono<ResponseEntity<Map<String, Object>>> held(@RequestBody NewNote note) {
        return insert(note).flatMap(created -> Mono.fromCallable(() -> {
            entered.countDown();
            if (!release.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test never released the held request");
            }
            return created;
        }).subscribeOn(Schedulers.boundedElastic()));
    }

    private Mono<ResponseEntity<Map<String, Object>>> insert(NewNote note) {
        UUID id = UUID.randomUUID();
        return db.sql("INSERT INTO note (id, text, version) VALUES ($1, $2, 1)")
                .bind(0, id).bind(1, note.text())
                .fetch().rowsUpdated()
                .thenReturn(ResponseEntity.created(java.net.URI.create("/test/idem/notes/" + id))
                        .eTag(ETags.of(1))
                        .body(Map.<String, Object>of("id", id.toString(), "text", note.text())));
    }

}
