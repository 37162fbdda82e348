package dev.salescrm.platform.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

import dev.salescrm.platform.web.Problem;
import dev.salescrm.platform.web.ProblemResponses;
import dev.salescrm.platform.web.ProblemType;
import dev.salescrm.platform.web.WebConventionsAutoConfiguration;

/**
 * Every service is a JWT resource server (defence in depth: a service reached without the gateway
 * still checks the token). Operational endpoints are open; {@code /api/**} follows the service's
 * {@link AccessRules}; anything else is denied. 401 and 403 are problem+json like every error.
 */
@AutoConfiguration(after = WebConventionsAutoConfiguration.class)
@EnableWebFluxSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityAutoConfiguration {

    static final String[] OPEN = {"/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info",
            "/v3/api-docs", "/v3/api-docs/**"};

    @Bean
    @ConditionalOnMissingBean
    ReactiveJwtDecoder jwtDecoder(SecurityProperties properties) {
        return CrmJwt.decoder(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityWebFilterChain crmSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
                                       ObjectProvider<AccessRules> accessRules, ProblemResponses problems) {
        AccessRules rules = accessRules.getIfAvailable(() -> AccessRules.builder().build());
        ServerAuthenticationEntryPoint unauthenticated = (exchange, e) -> problems.write(exchange,
                Problem.of(ProblemType.UNAUTHORIZED, "a valid bearer token is required")
                        .header("WWW-Authenticate", "Bearer"));
        ServerAccessDeniedHandler denied = (exchange, e) -> problems.write(exchange,
                Problem.of(ProblemType.FORBIDDEN, "your role does not allow this"));
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // Stateless: every request carries its token; nothing is kept between requests.
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> {
                    exchanges.pathMatchers(OPEN).permitAll();
                    for (AccessRules.Rule rule : rules.rules()) {
                        String[] roles = rule.roles().stream().map(Role::name).toArray(String[]::new);
                        var matcher = rule.method() == null
                                ? exchanges.pathMatchers(rule.pattern())
                                : exchanges.pathMatchers(rule.method(), rule.pattern());
                        if (roles.length == 0) {
                            matcher.denyAll();
                        } else {
                            matcher.hasAnyRole(roles);
                        }
                    }
                    exchanges.anyExchange().denyAll();
                })
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(CrmJwt.authenticationConverter()))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied))
                .build();
    }

}
