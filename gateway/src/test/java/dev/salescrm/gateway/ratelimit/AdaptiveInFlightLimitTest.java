package dev.salescrm.gateway.ratelimit;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-flight limit adapts to how fast the service answers (InFlightLimitFilter): slow answers shrink the
 * route's window to three quarters — one slow round is one signal, not one per answer — never below the
 * minimum; prompt answers widen it again by about one per round, never above the maximum. A request beyond
 * the window is a 429 and never reaches the service. The clock is the test's, so no test waits for real time.
 */
class AdaptiveInFlightLimitTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    // Starts at its maximum (initial = max): these tests are about the adaptation after the start.
    final InFlightLimitFilter filter = new InFlightLimitFilter(8, 2, 8, Duration.ofSeconds(1), now::get);
    final Route route = Route.async().id("lead-service").uri(URI.create("http://127.0.0.1:1"))
            .predicate(exchange -> true).build();
    int reachedService;

    /** A request the service holds until {@code answer} is completed. */
    record Pending(MockServerWebExchange exchange, Sinks.Empty<Void> answer, Mono<Void> done) {
    }

    Pending send() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/leads"));
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route);
        Sinks.Empty<Void> answer = Sinks.empty();
        Mono<Void> done = (active == null ? filter : active).filter(exchange, e -> {
            reachedService++;
            ServerWebExchangeUtils.setAlreadyRouted(e);   // as NettyRoutingFilter does when it forwards
            return answer.asMono();
        }).cache();
        done.subscribe();
        return new Pending(exchange, answer, done);
    }

    List<Pending> sendAll(int n) {
        List<Pending> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sent.add(send());
        }
        return sent;
    }

    void answerAll(List<Pending> requests, Duration after) {
        now.addAndGet(after.toNanos());
        requests.stream().filter(p -> p.exchange().getResponse().getStatusCode() == null)
                .forEach(p -> p.answer().tryEmitEmpty());
    }

    static long refused(List<Pending> requests) {
        return requests.stream().filter(p -> p.exchange().getResponse().getStatusCode() == HttpStatus.TOO_MANY_REQUESTS).count();
    }

    @Test
    void slowAnswersNarrowTheWindowAndPromptOnesWidenItAgain() {
        List<Pending> first = sendAll(9);
        assertThat(refused(first)).as("the ninth of nine at once").isEqualTo(1);
        assertThat(reachedService).isEqualTo(8);
        assertThat(filter.inFlight("lead-service")).isEqualTo(8);

        // Eight answers after 2 s, over the 1 s target, in one round: one decrease, 8 → 6.
        answerAll(first, Duration.ofSeconds(2));
        assertThat(filter.inFlight("lead-service")).isZero();
        assertThat(filter.limit("lead-service")).isEqualTo(6);
        List<Pending> second = sendAll(7);
        assertThat(refused(second)).isEqualTo(1);

        // Slow again, round after round: 6 → 4 → 3 → 2, and never below the minimum of 2.
        answerAll(second, Duration.ofSeconds(2));
        for (int round = 0; round < 6; round++) {
            answerAll(sendAll(filter.limit("lead-service")), Duration.ofSeconds(2));
        }
        assertThat(filter.limit("lead-service")).isEqualTo(2);
        List<Pending> narrow = sendAll(3);
        assertThat(refused(narrow)).isEqualTo(1);

        // Prompt answers widen it by about one per round, up to the maximum of 8 and no further.
        answerAll(narrow, Duration.ofMillis(100));
        for (int round = 0; round < 40; round++) {
            answerAll(sendAll(filter.limit("lead-service")), Duration.ofMillis(100));
        }
        assertThat(filter.limit("lead-service")).isEqualTo(8);
        assertThat(refused(sendAll(9))).isEqualTo(1);
    }

    @Test
    void requestsTheGatewayRefusesItselfSayNothingAboutTheService() {
        answerAll(sendAll(8), Duration.ofSeconds(5));
        assertThat(filter.limit("lead-service")).isEqualTo(6);
        // Hundreds of quick answers that never reached the service (say, the rate limiter's 429s)...
        for (int i = 0; i < 500; i++) {
            MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/leads"));
            exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route);
            filter.filter(exchange, e -> Mono.empty()).block();
        }
        // ...leave the window where the service's own answers put it.
        assertThat(filter.limit("lead-service")).isEqualTo(6);
        assertThat(filter.inFlight("lead-service")).isZero();
    }

    @Test
    void anotherRoutesSlownessIsNotThisRoutes() {
        answerAll(sendAll(8), Duration.ofSeconds(5));
        assertThat(filter.limit("lead-service")).isEqualTo(6);
        assertThat(filter.limit("account-service")).as("untouched route").isEqualTo(8);
    }

    @Test
    void aRouteStartsNarrowAndDoublesPerPromptRoundUntilItsFirstSlowAnswer() {
        InFlightLimitFilter cold = new InFlightLimitFilter(64, 2, 4, Duration.ofSeconds(1), now::get);
        InFlightLimitFilter previous = swap(cold);
        try {
            // A service not yet seen gets four at once, not sixty-four.
            List<Pending> first = sendAll(10);
            assertThat(refused(first)).isEqualTo(6);
            // Prompt rounds double the window: 4 → 8 → 16 → 32 → 64, and no further.
            answerAll(first, Duration.ofMillis(50));
            assertThat(cold.limit("lead-service")).isEqualTo(8);
            for (int round = 0; round < 5; round++) {
                answerAll(sendAll(cold.limit("lead-service")), Duration.ofMillis(50));
            }
            assertThat(cold.limit("lead-service")).isEqualTo(64);

            // The first slow round ends the slow start: 64 → 48, and prompt answers now add about one per round
            // (48 answers of 1/limit each: 48.99, then 49.96, then 50.93).
            answerAll(sendAll(64), Duration.ofSeconds(2));
            assertThat(cold.limit("lead-service")).isEqualTo(48);
            for (int round = 0; round < 3; round++) {
                answerAll(sendAll(cold.limit("lead-service")), Duration.ofMillis(50));
            }
            assertThat(cold.limit("lead-service")).isEqualTo(50);
        } finally {
            swap(previous);
        }
    }

    private InFlightLimitFilter active;

    /** Lets a test run {@link #send()} against another filter; returns the one it replaces. */
    private InFlightLimitFilter swap(InFlightLimitFilter next) {
        InFlightLimitFilter before = active == null ? filter : active;
        active = next;
        return before;
    }
}
