package dev.salescrm.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * Admission control per route (a service's API, its import, its API docs): at most {@code crm.gateway.max-in-flight} requests are
 * being forwarded to a service at once; one more is refused at once with 429 problem+json and
 * {@code Retry-After: 1}, and never reaches the service.
 *
 * <p>The per-user rate limit bounds what one user may send, not what all of them send together: with enough
 * users the admitted requests alone exceed what a service can answer, they queue in its connection pool, and
 * every request waits until the time limit turns it into a 504 and the circuit breaker opens (the fault suite's
 * overload scenario, R8, showed exactly that). Bounding the requests in flight bounds the wait of the admitted
 * ones instead, and the excess is told to come back, as a rate-limited client is.
 */
public class InFlightLimitFilter implements GlobalFilter, Ordered {

    /** Before the route's filters (rate limiter, circuit breaker, retry): a refused request costs nothing. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

    private final int maxInFlight;
    private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();

    public InFlightLimitFilter(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("crm.gateway.max-in-flight must be >= 1");
        }
        this.maxInFlight = maxInFlight;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String routeId = route == null ? "" : route.getId();
        Semaphore permits = inFlight.computeIfAbsent(routeId, r -> new Semaphore(maxInFlight));
        if (!permits.tryAcquire()) {
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
            return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "overloaded", Problems.title(429),
                    "The service has as many requests in progress as it may; retry after the Retry-After seconds.");
        }
        AtomicBoolean released = new AtomicBoolean();
        return chain.filter(exchange).doFinally(signal -> {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        });
    }

    /** Requests in flight on the route, for tests. */
    int inFlight(String routeId) {
        Semaphore permits = inFlight.get(routeId);
        return permits == null ? 0 : maxInFlight - permits.availablePermits();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
