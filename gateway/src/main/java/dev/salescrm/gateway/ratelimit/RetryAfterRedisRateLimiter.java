package dev.salescrm.gateway.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.http.HttpHeaders;

/**
 * The gateway's Redis token-bucket limiter (shared by all replicas), adding the {@code Retry-After}
 * the stock limiter leaves out: the seconds until the bucket holds the requested tokens again,
 * at least 1. If Redis does not answer the stock limiter lets the request through (fail open) and
 * logs it; the services stay protected by their own limits, and a Redis outage does not take the
 * API down.
 */
public class RetryAfterRedisRateLimiter extends RedisRateLimiter {

    private final int replenishRate;

    public RetryAfterRedisRateLimiter(int replenishRate, int burstCapacity) {
        super(replenishRate, burstCapacity, 1);
        this.replenishRate = replenishRate;
    }

    @Override
    public Mono<Response> isAllowed(String routeId, String id) {
        return super.isAllowed(routeId, id).map(response -> {
            if (response.isAllowed()) {
                return response;
            }
            Map<String, String> headers = new LinkedHashMap<>(response.getHeaders());
            headers.put(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1L, (long) Math.ceil(1.0 / replenishRate))));
            return new Response(false, headers);
        });
    }
}
