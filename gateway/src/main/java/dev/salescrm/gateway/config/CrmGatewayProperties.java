package dev.salescrm.gateway.config;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's own settings ({@code crm.gateway.*}); the route table, HTTP client pool and
 * resilience4j limits stay in their frameworks' properties (see the README).
 *
 * @param cors       browser origins allowed to call the API
 * @param rateLimit  per-user/client request rate limit
 */
@ConfigurationProperties("crm.gateway")
public record CrmGatewayProperties(@DefaultValue Cors cors, @DefaultValue RateLimit rateLimit) {

    /** @param allowedOrigins exact origins (scheme://host:port); no wildcards, credentials are not allowed */
    public record Cors(@DefaultValue({"http://localhost:5173", "http://127.0.0.1:5173"}) List<String> allowedOrigins) {
    }

    /**
     * @param store          {@code redis} or {@code memory}; resolved at start-up by
     *                       {@link RateLimitStoreEnvironmentPostProcessor} when not set
     * @param replenishRate  tokens added per second (sustained requests per second per key)
     * @param burstCapacity  bucket size (the largest burst a key may send at once)
     */
    public record RateLimit(@DefaultValue("memory") String store,
                            @DefaultValue("50") int replenishRate,
                            @DefaultValue("100") int burstCapacity) {

        public RateLimit {
            if (replenishRate < 1) {
                throw new IllegalArgumentException("crm.gateway.rate-limit.replenish-rate must be >= 1");
            }
            if (burstCapacity < replenishRate) {
                throw new IllegalArgumentException("crm.gateway.rate-limit.burst-capacity must be >= replenish-rate");
            }
        }
    }
}
