package dev.salescrm.gateway;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Below the in-flight limit every request is forwarded: 50 users at once on one service (each well inside the
 * per-user rate limit) all get the service's answer. The fault suite's R5 (50 clients racing on one
 * opportunity with If-Match) and R8 got 503s here: Spring Cloud CircuitBreaker wraps every breaker in a
 * Resilience4j semaphore bulkhead of 25 concurrent calls by default, and a call it refuses goes to the
 * fallback as if the service were down. The gateway's one admission rule is its in-flight limit
 * ({@code crm.gateway.*-in-flight}: 429 + Retry-After), so that bulkhead is switched off in application.yml.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "crm.gateway.rate-limit.store=memory",
        // the stand-in answers after 1.2 s: within the target here, so the in-flight limit stays at its 64
        "crm.gateway.admission-target-latency=5s",
        // and starts there: the fifty arrive together right after one warm-up request (no slow start)
        "crm.gateway.initial-in-flight=64",
        "resilience4j.timelimiter.configs.default.timeout-duration=8s"})
@AutoConfigureWebTestClient
class ConcurrentRequestsTest extends AgainstTestBackend {

    @Test
    void fiftyUsersAtOnceOnOneServiceAreAllForwardedAndAnswered() {
        WebTestClient http = webTestClient.mutate().responseTimeout(Duration.ofSeconds(20)).build();
        // Warm up (token decoding, key set, connection pool) so the fifty arrive together.
        http.get().uri("/api/quotes/moderate").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid("warm-up"))
                .exchange().expectStatus().isOk();
        long hitsBefore = backend.hits("GET", "/api/quotes/moderate");

        // Each answer takes 1.2 s at the service, so all fifty are in flight at the same time.
        // (a scheduler of its own: boundedElastic has only ten threads per core)
        Scheduler fifty = Schedulers.newBoundedElastic(50, 50, "fifty-users");
        List<Integer> statuses;
        try {
            statuses = Flux.range(0, 50)
                    .flatMap(i -> Mono.fromCallable(() -> http.get().uri("/api/quotes/moderate")
                                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid("user-" + i))
                                    .exchange().returnResult(Void.class).getStatus().value())
                            .subscribeOn(fifty), 50)
                    .collectList()
                    .block(Duration.ofSeconds(30));
        } finally {
            fifty.dispose();
        }

        assertThat(statuses).hasSize(50).containsOnly(200);
        assertThat(backend.hits("GET", "/api/quotes/moderate") - hitsBefore).isEqualTo(50);
    }
}
