package dev.salescrm.gateway;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A burst of concurrent GETs by one user against a limit of 1 request/s, burst 5. */
final class RateLimitBurstSupport {

    static final int BURST = 5;
    static final int REQUESTS = 20;

    private RateLimitBurstSupport() {
    }

    static void burstIsLimitedWith429ProblemAndRetryAfter(WebTestClient http, String user) {
        String token = "Bearer " + TestTokens.valid(user);
        long started = System.nanoTime();
        // concurrently, so that a slow machine cannot spread the burst over enough seconds to refill it
        List<EntityExchangeResult<byte[]>> results = Flux.range(0, REQUESTS)
                .flatMap(i -> Mono.fromCallable(() -> http.get().uri("/api/leads/burst")
                                .header(HttpHeaders.AUTHORIZATION, token).exchange().expectBody().returnResult())
                        .subscribeOn(Schedulers.boundedElastic()), REQUESTS)
                .collectList()
                .block(Duration.ofSeconds(60));
        long elapsedSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        assertThat(results).hasSize(REQUESTS);
        assertThat(results.stream().filter(r -> r.getStatus().value() == 200).count())
                .as("the bucket starts full: the whole burst passes").isGreaterThanOrEqualTo(BURST);
        List<EntityExchangeResult<byte[]>> limited = results.stream().filter(r -> r.getStatus().value() == 429).toList();
        long passed = results.stream().filter(r -> r.getStatus().value() == 200).count();
        // the bucket refills at 1/s: no more than burst + elapsed seconds (+1 for a partial second) pass
        assertThat(passed).isLessThanOrEqualTo(BURST + elapsedSeconds + 1);
        assertThat(limited).isNotEmpty();

        EntityExchangeResult<byte[]> first = limited.get(0);
        assertThat(first.getResponseHeaders().getContentType()).isNotNull()
                .satisfies(type -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
        String retryAfter = first.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER);
        assertThat(retryAfter).isNotNull();
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 60);
        String body = new String(first.getResponseBodyContent());
        assertThat(body).contains("\"type\":\"urn:crm:problem:rate-limited\"", "\"status\":429",
                "\"instance\":\"/api/leads/burst\"");

        // another user has a bucket of their own
        http.get().uri("/api/leads/burst").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid(user + "-other"))
                .exchange().expectStatus().isOk();
    }
}
