package dev.salescrm.gateway;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.salescrm.gateway.ratelimit.InMemoryRateLimiter;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory store (one replica) under a burst: 429 problem+json with Retry-After. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "crm.gateway.rate-limit.replenish-rate=1",
        "crm.gateway.rate-limit.burst-capacity=" + RateLimitBurstSupport.BURST,
        // the burst's 20 requests at once must all reach the rate limiter: no in-flight slow start here
        "crm.gateway.initial-in-flight=64"})
@AutoConfigureWebTestClient
class InMemoryRateLimitTest {

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        TestBackend.get().register(registry);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    RateLimiter<?> rateLimiter;

    @Test
    void withoutRedisConfiguredTheStoreIsMemory() {
        assertThat(rateLimiter).isInstanceOf(InMemoryRateLimiter.class);
    }

    @Test
    void aBurstOverTheLimitGets429ProblemWithRetryAfter() {
        RateLimitBurstSupport.burstIsLimitedWith429ProblemAndRetryAfter(
                http.mutate().responseTimeout(Duration.ofSeconds(10)).build(), "burst-" + UUID.randomUUID());
    }
}
