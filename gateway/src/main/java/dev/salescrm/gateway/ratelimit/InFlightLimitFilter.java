package dev.salescrm.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import reactor.core.publisher.Mono;

import dev.salescrm.gateway.problem.Problems;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

/**
 * Admission control per route (a service's API, its import, its API docs): a request is forwarded only while
 * fewer than the route's <em>limit</em> are in flight; one more is refused at once with 429 problem+json and
 * {@code Retry-After: 1}, and never reaches the service.
 *
 * <p>The per-user rate limit bounds what one user may send, not what all of them send together: with enough
 * users the admitted requests alone exceed what a service can answer, they queue in it, and every request waits
 * until the time limit turns it into a 504 (the fault suite's overload scenario, R8, showed exactly that).
 * Bounding the requests in flight bounds the wait of the admitted ones instead.
 *
 * <p>A fixed bound cannot be right for long: how many requests a service answers promptly depends on what they
 * are and on the machine (a service just started, before its code is compiled, answers a tenth as many). So
 * each route's limit adapts, additive increase and multiplicative decrease (as TCP's congestion window does):
 * <ul>
 *   <li>a route starts at {@code initialInFlight} and, until its first slow answer, each prompt answer raises
 *       the limit by one (the window doubles per round: TCP's slow start). A service just started is not
 *       handed the full {@code maxInFlight} at once: the fault suite's R8, run against a cold suite, sent 64
 *       requests at once to a lead-service whose code was not yet compiled; they took 8–10 s, some hit the
 *       time limit, and the circuit breaker opened on a healthy service;</li>
 *   <li>after that, an answer within {@code targetLatency} raises the limit by {@code 1/limit} (about one per
 *       round of answers), up to {@code maxInFlight};</li>
 *   <li>an answer slower than that lowers it to three quarters, at most once per {@link #DECREASE_SPACING}
 *       (the answers of one slow round are one signal, not many), down to {@code minInFlight}.</li>
 * </ul>
 * A service that slows down is therefore sent fewer requests at once, and answers them sooner; the excess is
 * told to come back, as a rate-limited client is.
 */
public class InFlightLimitFilter implements GlobalFilter, Ordered {

    /** Before the route's filters (rate limiter, circuit breaker, retry): a refused request costs nothing. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

    /** Slow answers closer together than this are one congestion signal. */
    static final Duration DECREASE_SPACING = Duration.ofMillis(250);

    private final int maxInFlight;
    private final int minInFlight;
    private final int initialInFlight;
    private final long targetNanos;
    private final LongSupplier clock;
    private final Map<String, RouteLimit> routes = new ConcurrentHashMap<>();

    public InFlightLimitFilter(int maxInFlight, int minInFlight, int initialInFlight, Duration targetLatency) {
        this(maxInFlight, minInFlight, initialInFlight, targetLatency, System::nanoTime);
    }

    InFlightLimitFilter(int maxInFlight, int minInFlight, int initialInFlight, Duration targetLatency, LongSupplier clock) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("crm.gateway.max-in-flight must be >= 1");
        }
        if (minInFlight < 1 || minInFlight > maxInFlight) {
            throw new IllegalArgumentException("crm.gateway.min-in-flight must be between 1 and max-in-flight");
        }
        if (initialInFlight < minInFlight || initialInFlight > maxInFlight) {
            throw new IllegalArgumentException("crm.gateway.initial-in-flight must be between min- and max-in-flight");
        }
        if (targetLatency.isNegative() || targetLatency.isZero()) {
            throw new IllegalArgumentException("crm.gateway.admission-target-latency must be positive");
        }
        this.maxInFlight = maxInFlight;
        this.minInFlight = minInFlight;
        this.initialInFlight = initialInFlight;
        this.targetNanos = targetLatency.toNanos();
        this.clock = clock;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        RouteLimit limit = routes.computeIfAbsent(route == null ? "" : route.getId(), r -> new RouteLimit());
        if (!limit.tryAcquire()) {
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
            return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "overloaded", Problems.title(429),
                    "The service has as many requests in progress as it may; retry after the Retry-After seconds.");
        }
        long started = clock.getAsLong();
        AtomicBoolean released = new AtomicBoolean();
        return chain.filter(exchange).doFinally(signal -> {
            if (released.compareAndSet(false, true)) {
                // Only an answer from the service says how fast it is: a request the rate limiter (or anything
                // else in the gateway) refused never reached it, and its quick refusal would widen the window.
                limit.release(clock.getAsLong() - started, ServerWebExchangeUtils.isAlreadyRouted(exchange));
            }
        });
    }

    /** Requests in flight on the route, for tests. */
    int inFlight(String routeId) {
        RouteLimit limit = routes.get(routeId);
        return limit == null ? 0 : limit.inFlight();
    }

    /** The route's current limit, for tests. */
    int limit(String routeId) {
        RouteLimit limit = routes.get(routeId);
        return limit == null ? initialInFlight : limit.limit();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** One route's window. Tiny critical sections on the event loops; a lock is simpler than lock-free here. */
    private final class RouteLimit {
        private double limit = initialInFlight;
        private boolean slowStart = true;
        private int inFlight;
        private long lastDecrease = clock.getAsLong() - DECREASE_SPACING.toNanos();

        synchronized boolean tryAcquire() {
            if (inFlight >= (int) limit) {
                return false;
            }
            inFlight++;
            return true;
        }

        synchronized void release(long latencyNanos, boolean answeredByService) {
            inFlight--;
            if (!answeredByService) {
                return;
            }
            if (latencyNanos <= targetNanos) {
                limit = Math.min(maxInFlight, limit + (slowStart ? 1.0 : 1.0 / limit));
                return;
            }
            slowStart = false;
            long now = clock.getAsLong();
            if (now - lastDecrease >= DECREASE_SPACING.toNanos()) {
                limit = Math.max(minInFlight, limit * 0.75);
                lastDecrease = now;
            }
        }

        synchronized int inFlight() {
            return inFlight;
        }

        synchronized int limit() {
            return (int) limit;
        }
    }
}
