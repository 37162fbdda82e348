package dev.salescrm.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A burst of GETs by one user against a limit of 1 request/s, burst 5. */
final class RateLimitBurstSupport {

    static final int BURST = 5;
    static final int REQUESTS = 20;

    private RateLimitBurstSupport() {
    }

    static void burstIsLimitedWith429ProblemAndRetryAfter(WebTestClient http, String user) {
        String token = "Bearer " + TestTokens.valid(user);
        long started = System.nanoTime();
        List<EntityExchangeResult<byte[]>> results = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            results.add(http.get().uri("/api/leads/burst").header(HttpHeaders.AUTHORIZATION, token)
                    .exchange().expectBody().returnResult());
        }
        long elapsedSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        for (int i = 0; i < BURST; i++) {
            assertThat(results.get(i).getStatus().value()).as("request %d within the burst", i + 1).isEqualTo(200);
        }
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
