package dev.salescrm.gateway.ratelimit;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter.Response;

import static org.assertj.core.api.Assertions.assertThat;

/** The token bucket on a hand-driven clock. */
class InMemoryRateLimiterTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final InMemoryRateLimiter limiter = new InMemoryRateLimiter(2, 4, now::get);

    void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void allowsTheBurstThenRefusesWithRetryAfter() {
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.tryConsume("k").isAllowed()).as("request %d", i + 1).isTrue();
        }
        Response refused = limiter.tryConsume("k");
        assertThat(refused.isAllowed()).isFalse();
        assertThat(refused.getHeaders()).containsEntry("Retry-After", "1")
                .containsEntry(InMemoryRateLimiter.REMAINING_HEADER, "0")
                .containsEntry(InMemoryRateLimiter.REPLENISH_RATE_HEADER, "2")
                .containsEntry(InMemoryRateLimiter.BURST_CAPACITY_HEADER, "4");
    }

    @Test
    void refillsAtTheReplenishRateUpToTheBurst() {
        for (int i = 0; i < 4; i++) {
            limiter.tryConsume("k");
        }
        advanceMillis(499);
        assertThat(limiter.tryConsume("k").isAllowed()).as("not yet a whole token").isFalse();
        advanceMillis(1);
        assertThat(limiter.tryConsume("k").isAllowed()).as("one token after 0.5 s at 2/s").isTrue();
        assertThat(limiter.tryConsume("k").isAllowed()).isFalse();
        advanceMillis(60_000);
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.tryConsume("k").isAllowed()).isTrue();
        }
        assertThat(limiter.tryConsume("k").isAllowed()).as("capped at the burst, not 120 tokens").isFalse();
    }

    @Test
    void keysAreIndependent() {
        for (int i = 0; i < 4; i++) {
            limiter.tryConsume("a");
        }
        assertThat(limiter.tryConsume("a").isAllowed()).isFalse();
        assertThat(limiter.tryConsume("b").isAllowed()).isTrue();
    }

    @Test
    void routesAreSeparateBucketsAsWithRedis() {
        for (int i = 0; i < 4; i++) {
            limiter.isAllowed("lead-service", "sub:alice").block();
        }
        assertThat(limiter.isAllowed("lead-service", "sub:alice").block().isAllowed()).isFalse();
        assertThat(limiter.isAllowed("account-service", "sub:alice").block().isAllowed()).isTrue();
    }

    @Test
    void idleFullBucketsAreSweptWithoutChangingDecisions() {
        for (int i = 0; i < 100; i++) {
            limiter.tryConsume("idle-" + i);
        }
        for (int i = 0; i < 4; i++) {
            limiter.tryConsume("busy");
        }
        assertThat(limiter.trackedKeys()).isEqualTo(101);
        advanceMillis(2_000); // 4 tokens at 2/s: every bucket is full again
        limiter.tryConsume("busy");
        assertThat(limiter.trackedKeys()).as("swept all but the one just used").isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryConsume("busy").isAllowed()).isTrue();
        }
        assertThat(limiter.tryConsume("busy").isAllowed()).isFalse();
    }
}
