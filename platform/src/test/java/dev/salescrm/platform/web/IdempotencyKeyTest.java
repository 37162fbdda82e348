package dev.salescrm.platform.web;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.salescrm.platform.test.ServiceTest;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceTest
class IdempotencyKeyTest {

    @Autowired
    WebTestClient client;
    @Autowired
    DatabaseClient db;
    @Autowired
    IdempotencyTestController controller;
    @Autowired
    IdempotencyKeyPurger purger;
    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @BeforeEach
    void clean() {
        db.sql("DELETE FROM note").then().block();
        db.sql("DELETE FROM idempotency_keys").then().block();
    }

    private WebTestClient.ResponseSpec post(String path, String key, String text) {
        return client.post().uri(path).header(IdempotencyKeyFilter.HEADER, key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"text\":\"" + text + "\"}").exchange();
    }

    private long notes() {
        return db.sql("SELECT count(*) FROM note").map(r -> r.get(0, Long.class)).one().block();
    }

    private long storedKeys() {
        return db.sql("SELECT count(*) FROM idempotency_keys").map(r -> r.get(0, Long.class)).one().block();
    }

    @Test
    void theSameKeyAndBodyReplaysTheFirstResponseWithoutRunningTheHandlerAgain() {
        String key = UUID.randomUUID().toString();
        EntityExchangeResult<byte[]> first = post("/test/idem/notes", key, "hello").expectStatus().isCreated()
                .expectHeader().doesNotExist(IdempotencyKeyFilter.REPLAYED)
                .expectBody().returnResult();
        EntityExchangeResult<byte[]> second = post("/test/idem/notes", key, "hello").expectStatus().isCreated()
                .expectHeader().valueEquals(IdempotencyKeyFilter.REPLAYED, "true")
                .expectBody().returnResult();

        assertThat(second.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(second.getResponseHeaders().getLocation()).isNotNull().isEqualTo(first.getResponseHeaders().getLocation());
        assertThat(second.getResponseHeaders().getETag()).isEqualTo("\"1\"");
        assertThat(second.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(notes()).isEqualTo(1);

        // Another key is another request.
        post("/test/idem/notes", UUID.randomUUID().toString(), "hello").expectStatus().isCreated();
        assertThat(notes()).isEqualTo(2);
        // Without a key, nothing is remembered.
        client.post().uri("/test/idem/notes").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"text\":\"x\"}")
                .exchange().expectStatus().isCreated();
        assertThat(storedKeys()).isEqualTo(2);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRejected() {
        String key = UUID.randomUUID().toString();
        post("/test/idem/notes", key, "hello").expectStatus().isCreated();
        post("/test/idem/notes", key, "goodbye").expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:idempotency-key-reused");
        assertThat(notes()).isEqualTo(1);
    }

    @Test
    void aSecondRequestWhileTheFirstIsRunningIsAConflict() throws Exception {
        controller.entered = new CountDownLatch(1);
        controller.release = new CountDownLatch(1);
        String key = UUID.randomUUID().toString();
        CompletableFuture<EntityExchangeResult<byte[]>> first = CompletableFuture.supplyAsync(() ->
                post("/test/idem/held", key, "slow").expectBody().returnResult());
        try {
            assertThat(controller.entered.await(10, TimeUnit.SECONDS)).as("first request reached the handler").isTrue();
            post("/test/idem/held", key, "slow").expectStatus().isEqualTo(409)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:idempotency-key-in-flight");
            // Nothing is visible before the first request commits.
            assertThat(notes()).isZero();
        } finally {
            controller.release.countDown();
        }
        assertThat(first.get(10, TimeUnit.SECONDS).getStatus().value()).isEqualTo(201);
        assertThat(notes()).isEqualTo(1);
        post("/test/idem/held", key, "slow").expectStatus().isCreated()
                .expectHeader().valueEquals(IdempotencyKeyFilter.REPLAYED, "true");
        assertThat(notes()).isEqualTo(1);
    }

    @Test
    void aServerErrorIsNotStoredAndItsEffectIsRolledBack() {
        String key = UUID.randomUUID().toString();
        controller.failNext.set(true);
        post("/test/idem/failing", key, "boom").expectStatus().isEqualTo(500)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:internal");
        assertThat(notes()).as("the insert before the failure was rolled back").isZero();
        assertThat(storedKeys()).isZero();

        post("/test/idem/failing", key, "boom").expectStatus().isCreated()
                .expectHeader().doesNotExist(IdempotencyKeyFilter.REPLAYED);
        assertThat(notes()).isEqualTo(1);
    }

    @Test
    void clientErrorsAreStoredAndReplayed() {
        String key = UUID.randomUUID().toString();
        client.post().uri("/test/idem/notes").header(IdempotencyKeyFilter.HEADER, key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"txt\":1}").exchange()
                .expectStatus().isBadRequest();
        client.post().uri("/test/idem/notes").header(IdempotencyKeyFilter.HEADER, key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"txt\":1}").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().valueEquals(IdempotencyKeyFilter.REPLAYED, "true")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("txt");
    }

    @Test
    void invalidKeysAreRejected() {
        for (String bad : new String[] {"x".repeat(201), "has space", ""}) {
            post("/test/idem/notes", bad, "x").expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo(IdempotencyKeyFilter.HEADER);
        }
        post("/test/idem/notes", "x".repeat(200), "x").expectStatus().isCreated();
        assertThat(notes()).isEqualTo(1);
    }

    @Test
    void purgeForgetsOnlyKeysOlderThanTheRetention() {
        db.sql("INSERT INTO idempotency_keys (scope, idempotency_key, request_hash, response_status, response_headers, created_at) "
                + "VALUES ('anonymous', 'old', 'h', 201, '{}'::jsonb, now() - interval '25 hours'), "
                + "('anonymous', 'fresh', 'h', 201, '{}'::jsonb, now() - interval '23 hours')").then().block();
        assertThat(purger.purge().block()).isEqualTo(1);
        assertThat(db.sql("SELECT idempotency_key FROM idempotency_keys").map(r -> r.get(0, String.class)).all()
                .collectList().block()).containsExactly("fresh");
    }


    /**
     * A client that hangs up while its request holds a transaction (PITFALLS: r2dbc-pool #140, #198):
     * the transaction is rolled back, its connection goes back to the pool — nothing stays "idle in
     * transaction" — and the Idempotency-Key is free for the retry.
     */
    @Test
    void aClientThatHangsUpMidRequestLeavesNoOpenTransactionAndNoEffect() throws Exception {
        controller.entered = new java.util.concurrent.CountDownLatch(1);
        controller.release = new java.util.concurrent.CountDownLatch(1);
        String key = UUID.randomUUID().toString();
        String body = "{\"text\":\"abandoned\"}";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            String request = "POST /test/idem/held HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: " + dev.salescrm.platform.test.TestTokens.bearer("test-admin", "ADMIN") + "\r\n"
                    + "Content-Type: application/json\r\n" + IdempotencyKeyFilter.HEADER + ": " + key + "\r\n"
                    + "Content-Length: " + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            assertThat(controller.entered.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("request reached the handler").isTrue();
        } // the client is gone, with the handler's insert uncommitted
        controller.release.countDown();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> db.sql(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'")
                .map(r -> r.get(0, Long.class)).one().block() == 0);
        assertThat(notes()).as("the abandoned request's insert was rolled back").isZero();
        assertThat(storedKeys()).isZero();
        // The key is free: the retry runs and is answered normally.
        controller.entered = new java.util.concurrent.CountDownLatch(1);
        controller.release = new java.util.concurrent.CountDownLatch(0);
        post("/test/idem/held", key, "abandoned").expectStatus().isCreated()
                .expectHeader().doesNotExist(IdempotencyKeyFilter.REPLAYED);
        assertThat(notes()).isEqualTo(1);
    }
}
