package dev.salescrm.gateway.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Decides where the rate limiter keeps its buckets before any bean is created, so that the
 * choice can switch auto-configuration on and off:
 * <ul>
 *   <li>{@code CRM_REDIS_URL}, when set, becomes {@code spring.data.redis.url} (unless that is set);</li>
 *   <li>{@code crm.gateway.rate-limit.store} set explicitly ({@code redis} or {@code memory}) wins;</li>
 *   <li>otherwise {@code redis} if {@code spring.data.redis.url} or {@code spring.data.redis.host} is set,
 *       else {@code memory}.</li>
 * </ul>
 * With {@code memory} the gateway's Redis rate limiter and the Redis health indicator are switched
 * off, so an absent Redis neither fails start-up nor turns health DOWN.
 */
public class RateLimitStoreEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    public static final String STORE = "crm.gateway.rate-limit.store";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Map<String, Object> derived = new LinkedHashMap<>();
        String redisUrl = env.getProperty("CRM_REDIS_URL");
        if (StringUtils.hasText(redisUrl) && !StringUtils.hasText(env.getProperty("spring.data.redis.url"))) {
            derived.put("spring.data.redis.url", redisUrl);
        }
        boolean redisConfigured = StringUtils.hasText(redisUrl)
                || StringUtils.hasText(env.getProperty("spring.data.redis.url"))
                || StringUtils.hasText(env.getProperty("spring.data.redis.host"));
        String store = env.getProperty(STORE);
        if (!StringUtils.hasText(store)) {
            store = redisConfigured ? "redis" : "memory";
        }
        store = store.trim().toLowerCase(Locale.ROOT);
        if (!store.equals("redis") && !store.equals("memory")) {
            throw new IllegalStateException(STORE + " must be 'redis' or 'memory', not '" + store + "'");
        }
        derived.put(STORE, store);
        if (store.equals("memory")) {
            derived.put("spring.cloud.gateway.server.webflux.redis.enabled", "false");
            derived.put("management.health.redis.enabled", "false");
        }
        // First, so that the resolved value is what every later reader sees.
        env.getPropertySources().addFirst(new MapPropertySource("crmGatewayRateLimitStore", derived));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
