package dev.salescrm.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.time.Duration;

import reactor.core.publisher.Mono;

import dev.salescrm.gateway.config.CrmGatewayProperties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

/**
 * The {@code RequestRateLimiter} filter's limiter and key. The store is chosen at start-up
 * ({@code crm.gateway.rate-limit.store}, see RateLimitStoreEnvironmentPostProcessor).
 */
@Configuration(proxyBeanMethods = false)
public class RateLimitConfiguration {

    /** The token's {@code sub} (a user or a machine client); the client's address without a token. */
    @Bean
    KeyResolver subjectOrClientAddressKeyResolver() {
        return exchange -> exchange.getPrincipal()
                .map(RateLimitConfiguration::subject)
                .switchIfEmpty(Mono.fromSupplier(() -> clientAddress(exchange)));
    }

    static String subject(java.security.Principal principal) {
        if (principal instanceof JwtAuthenticationToken jwt && jwt.getToken().getSubject() != null) {
            return "sub:" + jwt.getToken().getSubject();
        }
        if (principal instanceof Authentication authentication) {
            return "sub:" + authentication.getName();
        }
        return "sub:" + principal.getName();
    }

    /**
     * The peer address as Reactor Netty reports it: the real client when
     * {@code spring.cloud.gateway.server.webflux.trusted-proxies} lets the gateway read
     * {@code X-Forwarded-For}/{@code Forwarded} from its load balancer, otherwise the immediate peer.
     * Never a raw {@code X-Forwarded-For} value, which any client can forge.
     */
    static String clientAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return "ip:unknown";
        }
        return "ip:" + (remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString());
    }

    /** Requests forwarded to one service at once (per gateway replica, adaptive); see {@link InFlightLimitFilter}. */
    @Bean
    InFlightLimitFilter inFlightLimitFilter(@Value("${crm.gateway.max-in-flight:64}") int maxInFlight,
                                            @Value("${crm.gateway.min-in-flight:4}") int minInFlight,
                                            @Value("${crm.gateway.initial-in-flight:16}") int initialInFlight,
                                            @Value("${crm.gateway.admission-target-latency:1s}") Duration targetLatency) {
        int min = Math.min(minInFlight, maxInFlight);
        return new InFlightLimitFilter(maxInFlight, min, Math.max(min, Math.min(initialInFlight, maxInFlight)), targetLatency);
    }

    @Bean
    @Primary
    @ConditionalOnProperty(name = "crm.gateway.rate-limit.store", havingValue = "redis")
    RetryAfterRedisRateLimiter crmRedisRateLimiter(CrmGatewayProperties properties) {
        CrmGatewayProperties.RateLimit limit = properties.rateLimit();
        return new RetryAfterRedisRateLimiter(limit.replenishRate(), limit.burstCapacity());
    }

    @Bean
    @Primary
    @ConditionalOnProperty(name = "crm.gateway.rate-limit.store", havingValue = "memory", matchIfMissing = true)
    InMemoryRateLimiter crmInMemoryRateLimiter(CrmGatewayProperties properties) {
        CrmGatewayProperties.RateLimit limit = properties.rateLimit();
        return new InMemoryRateLimiter(limit.replenishRate(), limit.burstCapacity());
    }
}
