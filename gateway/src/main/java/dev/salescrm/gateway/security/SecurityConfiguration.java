package dev.salescrm.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import dev.salescrm.gateway.config.CrmGatewayProperties;
import dev.salescrm.gateway.config.CrmSecurityProperties;
import dev.salescrm.gateway.problem.ProblemErrorWebExceptionHandler;
import dev.salescrm.gateway.problem.ProblemForEmptyErrorWebFilter;
import dev.salescrm.gateway.problem.Problems;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.access.server.BearerTokenServerAccessDeniedHandler;
import org.springframework.security.oauth2.server.resource.web.server.BearerTokenServerAuthenticationEntryPoint;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter.Mode;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The gateway as an OAuth2 resource server (docs/security.md): {@code /api/**} needs a valid bearer
 * token (RS256 from the configured key set, our issuer, audience {@code crm-api}, not expired);
 * probes, metrics and the API docs are open. Roles are the services' business — they validate the
 * same token again, which the gateway relays unchanged in {@code Authorization}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties({CrmSecurityProperties.class, CrmGatewayProperties.class})
public class SecurityConfiguration {

    /** API responses are JSON: nothing may load, frame or be submitted from them. */
    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /** Swagger UI is served from this origin and calls only this origin. */
    static final String DOCS_UI_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    static final String[] DOCS_UI = {"/swagger-ui.html", "/swagger-ui/**", "/webjars/**"};

    static final String[] OPEN = {"/actuator/health", "/actuator/health/**", "/actuator/prometheus",
            "/v3/api-docs", "/v3/api-docs/**"};

    @Bean
    @Order(1)
    SecurityWebFilterChain docsUiChain(ServerHttpSecurity http) {
        http.securityMatcher(ServerWebExchangeMatchers.pathMatchers(DOCS_UI))
                .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll());
        return common(http, DOCS_UI_CSP).build();
    }

    @Bean
    @Order(2)
    SecurityWebFilterChain apiChain(ServerHttpSecurity http, ReactiveJwtDecoder jwtDecoder) {
        http.authorizeExchange(exchanges -> exchanges
                        .pathMatchers(OPEN).permitAll()
                        .pathMatchers("/api/**").authenticated()
                        .anyExchange().denyAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtDecoder(jwtDecoder))
                        .authenticationEntryPoint(new BearerTokenServerAuthenticationEntryPoint())
                        .accessDeniedHandler(new BearerTokenServerAccessDeniedHandler()))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(new BearerTokenServerAuthenticationEntryPoint())
                        .accessDeniedHandler(new BearerTokenServerAccessDeniedHandler()));
        return common(http, API_CSP).build();
    }

    private static ServerHttpSecurity common(ServerHttpSecurity http, String csp) {
        return http
                // Bearer tokens only: no cookies, no session, so no CSRF and nothing to remember.
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(Customizer.withDefaults())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .cors(Customizer.withDefaults())
                .headers(headers -> headers
                        .contentTypeOptions(Customizer.withDefaults())
                        .frameOptions(frame -> frame.mode(Mode.DENY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .contentSecurityPolicy(policy -> policy.policyDirectives(csp))
                        // written only on HTTPS requests (as seen behind trusted proxies)
                        .hsts(hsts -> hsts.maxAge(Duration.ofDays(365)).includeSubdomains(true)));
    }

    /**
     * Lazy: the key set is fetched when the first token arrives (and cached, refetched on an unknown
     * {@code kid}), so the gateway starts before the issuer does. RS256 only, which also refuses
     * {@code alg: none}; issuer, expiry (60 s skew) and audience are checked. While the key set
     * cannot be fetched, requests with a token get 503 (not 401: the token may well be good). A token
     * verified once is not verified again for up to a minute (VerifiedTokenCache).
     */
    @Bean
    ReactiveJwtDecoder jwtDecoder(CrmSecurityProperties security) {
        // bounded: a black-holed issuer must not hold requests open
        HttpClient jwksClient = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
                .responseTimeout(Duration.ofSeconds(5));
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(security.effectiveJwkSetUri())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .webClient(WebClient.builder().clientConnector(new ReactorClientHttpConnector(jwksClient)).build())
                .build();
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(security.issuer()),
                new JwtAudienceValidator(security.audience()));
        decoder.setJwtValidator(validator);
        // A verified token is remembered for up to a minute (never past its expiry): see VerifiedTokenCache.
        return new VerifiedTokenCache(decoder, Duration.ofSeconds(60), 10_000, Clock.systemUTC());
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource(CrmGatewayProperties gateway) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(gateway.cors().allowedOrigins());
        cors.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.HEAD.name(), HttpMethod.POST.name(),
                HttpMethod.PUT.name(), HttpMethod.PATCH.name(), HttpMethod.DELETE.name()));
        cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.IF_MATCH,
                HttpHeaders.IF_NONE_MATCH, "Idempotency-Key"));
        cors.setExposedHeaders(List.of(HttpHeaders.ETAG, HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER,
                "Idempotency-Replayed"));
        // Tokens travel in Authorization, never in cookies.
        cors.setAllowCredentials(false);
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        source.registerCorsConfiguration("/v3/api-docs/**", cors);
        return source;
    }

    @Bean
    ProblemForEmptyErrorWebFilter problemForEmptyErrorWebFilter() {
        return new ProblemForEmptyErrorWebFilter();
    }

    @Bean
    ProblemErrorWebExceptionHandler problemErrorWebExceptionHandler() {
        return new ProblemErrorWebExceptionHandler();
    }

    /**
     * A request Spring Security's firewall refuses before any filter runs — an encoded slash or percent, a
     * {@code ..} or NUL, a semicolon or non-ASCII in the path — is a 400 problem like every other refusal. The
     * stock handler only set the status and the response went out empty, past the problem filter (found by the
     * fault suite's hostile-input scenario, R6).
     */
    @Bean
    ServerExchangeRejectedHandler problemForRejectedExchange() {
        return (exchange, rejected) -> Problems.write(exchange, HttpStatus.BAD_REQUEST, Problems.slug(400),
                Problems.title(400), "The request path or headers contain characters the gateway does not accept.");
    }
}
