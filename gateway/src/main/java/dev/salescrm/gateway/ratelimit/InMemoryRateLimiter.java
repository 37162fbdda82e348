package dev.salescrm.gateway.ratelimit;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.http.HttpHeaders;

/**
 * A token bucket per (route, key) kept in this JVM: {@code replenishRate} tokens a second, at most
 * {@code burstCapacity}, one token per request — the same algorithm and headers as the Redis
 * limiter, so clients see no difference.
 *
 * <p><b>Correct for one gateway replica only.</b> Each replica has its own buckets, so N replicas
 * let a key through at N times the configured rate. Run more than one replica with
 * {@code crm.gateway.rate-limit.store=redis}.
 *
 * <p>Memory is bounded by activity: a bucket that has been idle long enough to be full again is
 * indistinguishable from a new one, so such buckets are swept (at most once a second) without
 * changing any decision.
 */
public class InMemoryRateLimiter implements RateLimiter<InMemoryRateLimiter.Config> {

    public static final String REMAINING_HEADER = "X-RateLimit-Remaining";
    public static final String REPLENISH_RATE_HEADER = "X-RateLimit-Replenish-Rate";
    public static final String BURST_CAPACITY_HEADER = "X-RateLimit-Burst-Capacity";

    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int replenishRate;
    private final int burstCapacity;
    private final LongSupplier nanoClock;
    private final long refillNanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep;
    private final Map<String, Config> config = new LinkedHashMap<>();

    public InMemoryRateLimiter(int replenishRate, int burstCapacity) {
        this(replenishRate, burstCapacity, System::nanoTime);
    }

    InMemoryRateLimiter(int replenishRate, int burstCapacity, LongSupplier nanoClock) {
        if (replenishRate < 1 || burstCapacity < 1) {
            throw new IllegalArgumentException("replenishRate and burstCapacity must be >= 1");
        }
        this.replenishRate = replenishRate;
        this.burstCapacity = burstCapacity;
        this.nanoClock = nanoClock;
        // time for an empty bucket to fill completely
        this.refillNanos = (long) Math.ceil(burstCapacity * 1e9 / replenishRate);
        this.lastSweep = new AtomicLong(nanoClock.getAsLong());
    }

    @Override
    public Mono<Response> isAllowed(String routeId, String id) {
        return Mono.fromSupplier(() -> tryConsume(routeId + "\u0000" + id));
    }

    Response tryConsume(String key) {
        long now = nanoClock.getAsLong();
        sweepIfDue(now);
        boolean allowed;
        double tokens;
        while (true) {
            Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burstCapacity, now));
            synchronized (bucket) {
                if (bucket.evicted) {
                    continue; // swept between lookup and lock: use the map's current bucket
                }
                bucket.refill(now, replenishRate, burstCapacity);
                allowed = bucket.tokens >= 1.0;
                if (allowed) {
                    bucket.tokens -= 1.0;
                }
                tokens = bucket.tokens;
            }
            break;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(REMAINING_HEADER, Long.toString((long) Math.floor(tokens)));
        headers.put(REPLENISH_RATE_HEADER, Integer.toString(replenishRate));
        headers.put(BURST_CAPACITY_HEADER, Integer.toString(burstCapacity));
        if (!allowed) {
            double secondsToNextToken = (1.0 - tokens) / replenishRate;
            headers.put(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1L, (long) Math.ceil(secondsToNextToken))));
        }
        return new Response(allowed, headers);
    }

    private void sweepIfDue(long now) {
        long last = lastSweep.get();
        if (now - last < SWEEP_INTERVAL_NANOS || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        for (Iterator<Map.Entry<String, Bucket>> it = buckets.entrySet().iterator(); it.hasNext(); ) {
            Bucket bucket = it.next().getValue();
            synchronized (bucket) {
                if (now - bucket.lastRefill >= refillNanos) {
                    bucket.evicted = true;
                    it.remove();
                }
            }
        }
    }

    int trackedKeys() {
        return buckets.size();
    }

    @Override
    public Map<String, Config> getConfig() {
        return config;
    }

    @Override
    public Class<Config> getConfigClass() {
        return Config.class;
    }

    @Override
    public Config newConfig() {
        return new Config();
    }

    /** No per-route settings: the limits are {@code crm.gateway.rate-limit.*}. */
    public static class Config {
    }

    private static final class Bucket {
        double tokens;
        long lastRefill;
        boolean evicted;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastRefill = now;
        }

        void refill(long now, int rate, int capacity) {
            long elapsed = now - lastRefill;
            if (elapsed > 0) {
                tokens = Math.min(capacity, tokens + elapsed * rate / 1e9);
                lastRefill = now;
            }
        }
    }
}
