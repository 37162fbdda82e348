package dev.salescrm.gateway;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission control (InFlightLimitFilter): with two requests to a service in flight, a third — from another
 * user, so the per-user rate limit has nothing to say — is a 429 problem+json with Retry-After at once and never
 * reaches the service; when the two are done, the service is open again. (R8 of the fault suite: without it,
 * many users together queued requests at the services until the time limit and the circuit breaker.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "crm.gateway.rate-limit.store=memory",
        "crm.gateway.max-in-flight=2",
        "resilience4j.timelimiter.configs.default.timeout-duration=8s"})
@AutoConfigureWebTestClient
class InFlightLimitTest extends AgainstTestBackend {

    @Test
    void oneRequestMoreThanTheServiceMayHaveInFlightIsRefusedWith429AndTheServiceOpensAgain() throws Exception {
        WebTestClient http = webTestClient.mutate().responseTimeout(Duration.ofSeconds(20)).build();
        // Warm up (token decoding, key set, connection pool) so the slow pair reaches the service in time.
        http.get().uri("/api/opportunities/moderate").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid("maryam"))
                .exchange().expectStatus().isOk();
        long slowBefore = backend.hits("GET", "/api/opportunities/slow");
        // Two slow requests hold the opportunity-service's two places until the 8 s time limit.
        Flux<Integer> slow = Flux.just("alice", "bob")
                .flatMap(user -> Mono.fromCallable(() -> http.get().uri("/api/opportunities/slow")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(user))
                        .exchange().returnResult(Void.class).getStatus().value())
                        .subscribeOn(Schedulers.boundedElastic()))
                .cache();
        slow.subscribe();
        long hitsBefore = backend.hits("GET", "/api/opportunities/moderate");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (backend.hits("GET", "/api/opportunities/slow") < slowBefore + 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(backend.hits("GET", "/api/opportunities/slow") - slowBefore).as("both slow requests reached the service")
                .isEqualTo(2);

        http.get().uri("/api/opportunities/moderate").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid("maryam"))
                .exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:overloaded")
                .jsonPath("$.status").isEqualTo(429);
        assertThat(backend.hits("GET", "/api/opportunities/moderate")).isEqualTo(hitsBefore);
        // Another service is not held back by this one's queue.
        http.get().uri("/api/accounts/x").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid("maryam"))
                .exchange().expectStatus().value(status -> assertThat(status).isNotEqualTo(429));

        assertThat(slow.collectList().block(Duration.ofSeconds(20))).containsOnly(504);
        http.get().uri("/api/opportunities/moderate").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid("maryam"))
                .exchange().expectStatus().isOk();
    }
}
