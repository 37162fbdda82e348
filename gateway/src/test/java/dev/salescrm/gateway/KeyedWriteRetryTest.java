package dev.salescrm.gateway;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write whose connection to the service fails before any answer: with an Idempotency-Key the gateway sends
 * it once more (the service answers a repeated key with the first outcome, so the effect stays one) and the
 * client gets the service's answer; without a key it may have been applied, so the client gets the 503 and the
 * service saw exactly one attempt. A timeout is not a connection failure: the service may still be working.
 * The fault suite's R7 met the keyed case once: a retry after a client-side timeout answered 503 "lead-service
 * is unavailable" with lead-service healthy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "crm.gateway.rate-limit.store=memory",
        "resilience4j.timelimiter.configs.default.timeout-duration=2s"})
@AutoConfigureWebTestClient
class KeyedWriteRetryTest extends AgainstTestBackend {

    private static final String TOKEN = "Bearer " + TestTokens.valid("keyed-writer");

    @Test
    void aKeyedWriteWhoseConnectionIsClosedBeforeAnyAnswerIsSentOnceMore() {
        String path = "/api/leads/drop-first-" + UUID.randomUUID();

        webTestClient.post().uri(path).header(HttpHeaders.AUTHORIZATION, TOKEN)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"lastName\":\"Rahimi\"}")
                .exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.second").isEqualTo(true);

        assertThat(backend.hits("POST", path)).as("attempts that reached the service").isEqualTo(2);
    }

    @Test
    void anUnkeyedWriteIsNotRepeatedAndTheClientIsToldTheServiceIsUnavailable() {
        String path = "/api/leads/drop-first-" + UUID.randomUUID();

        webTestClient.post().uri(path).header(HttpHeaders.AUTHORIZATION, TOKEN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"lastName\":\"Rahimi\"}")
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER);

        assertThat(backend.hits("POST", path)).as("attempts that reached the service").isEqualTo(1);
    }

    @Test
    void aKeyedWriteThatTimesOutIsNotRepeated() {
        webTestClient.mutate().responseTimeout(java.time.Duration.ofSeconds(15)).build()
                .post().uri("/api/opportunities/slow").header(HttpHeaders.AUTHORIZATION, TOKEN)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange()
                .expectStatus().isEqualTo(504);

        assertThat(backend.hits("POST", "/api/opportunities/slow")).isEqualTo(1);
    }
}
