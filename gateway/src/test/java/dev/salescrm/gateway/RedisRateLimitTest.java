package dev.salescrm.gateway;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.salescrm.gateway.ratelimit.RetryAfterRedisRateLimiter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis store against the Redis on this machine (127.0.0.1:6379); skipped when it does not
 * answer PING. The store is chosen by spring.data.redis.host being set, as in production. Each run
 * uses fresh user ids, so earlier runs' buckets do not matter.
 */
@EnabledIf("redisAnswers")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.data.redis.host=127.0.0.1",
        "spring.data.redis.port=6379",
        "crm.gateway.rate-limit.replenish-rate=1",
        "crm.gateway.rate-limit.burst-capacity=" + RateLimitBurstSupport.BURST,
        // the burst's 20 requests at once must all reach the rate limiter: no in-flight slow start here
        "crm.gateway.initial-in-flight=64"})
@AutoConfigureWebTestClient
class RedisRateLimitTest {

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        TestBackend.get().register(registry);
    }

    static boolean redisAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int n = in.read(reply);
            return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (Exception e) {
            return false;
        }
    }

    @Autowired
    WebTestClient http;

    @Autowired
    RateLimiter<?> rateLimiter;

    @Test
    void withRedisConfiguredTheStoreIsRedis() {
        assertThat(rateLimiter).isInstanceOf(RetryAfterRedisRateLimiter.class);
    }

    @Test
    void aBurstOverTheLimitGets429ProblemWithRetryAfter() {
        RateLimitBurstSupport.burstIsLimitedWith429ProblemAndRetryAfter(
                http.mutate().responseTimeout(Duration.ofSeconds(10)).build(), "redis-burst-" + UUID.randomUUID());
    }
}
