package dev.salescrm.platform.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorisation matrix of a service, generated from the routes it really has: every
 * {@code /api} endpoint × every role, and no token and every kind of broken token. An endpoint
 * without an access rule fails, so does any status that contradicts the rules: 2xx/4xx-but-not-
 * 401/403 for an allowed role, 403 for a refused one, 401 for a missing or bad token.
 * Object-level visibility (own records only) is tested by each service on top of this.
 */
public final class AuthorizationMatrix {

    /** The service's rules: the role names allowed on a request, or empty when no rule covers it. */
    @FunctionalInterface
    public interface Policy {
        Optional<Set<String>> rolesFor(HttpMethod method, String path);
    }

    public record Endpoint(HttpMethod method, String pattern) {

        /** The pattern with each path variable replaced by a well-formed id that matches no record. */
        public String samplePath() {
            return pattern.replaceAll("\\{[^}]+}", "0190f0c8-0000-7000-8000-000000000001");
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    private static final int NO_ANSWER = -1;

    private AuthorizationMatrix() {
    }

    /** Every endpoint under {@code /api} that the service's controllers map. */
    public static List<Endpoint> endpoints(ApplicationContext context) {
        Set<String> seen = new TreeSet<>();
        List<Endpoint> endpoints = new ArrayList<>();
        for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<org.springframework.web.bind.annotation.RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                    String text = pattern.getPatternString();
                    if (!text.startsWith("/api/")) {
                        continue;
                    }
                    if (methods.isEmpty()) {
                        throw new AssertionError(text + " is mapped for every HTTP method; map the methods it serves");
                    }
                    for (var method : methods) {
                        Endpoint endpoint = new Endpoint(method.asHttpMethod(), text);
                        if (seen.add(endpoint.toString())) {
                            endpoints.add(endpoint);
                        }
                    }
                }
            }
        }
        return endpoints;
    }

    public static void verify(WebTestClient http, ApplicationContext context, Policy policy) {
        List<Endpoint> endpoints = endpoints(context);
        assertThat(endpoints).as("the service maps /api endpoints").isNotEmpty();
        // A bounded wait per request, so a request that is never answered fails the matrix naming
        // the request, instead of one opaque timeout for the whole walk.
        WebTestClient anonymous = TestClientAutoConfiguration.anonymous(http).mutate()
                .responseTimeout(ANSWER_WITHIN).build();
        List<String> failures = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            String path = endpoint.samplePath();
            Optional<Set<String>> allowed = policy.rolesFor(endpoint.method(), path);
            if (allowed.isEmpty()) {
                failures.add(endpoint + ": no access rule");
                continue;
            }
            for (String role : TestTokens.ROLES) {
                int status = call(anonymous, endpoint.method(), path, TestTokens.bearer("matrix-" + role.toLowerCase(), role));
                if (status == NO_ANSWER) {
                    failures.add(endpoint + " as " + role + ": no answer within " + ANSWER_WITHIN);
                    continue;
                }
                boolean refused = status == 401 || status == 403;
                if (allowed.get().contains(role) && refused) {
                    failures.add(endpoint + " as " + role + ": " + status + ", the rules allow it");
                } else if (!allowed.get().contains(role) && status != 403) {
                    failures.add(endpoint + " as " + role + ": " + status + ", the rules refuse it (403 expected)");
                }
            }
            Map<String, String> broken = new LinkedHashMap<>();
            broken.put("no token", null);
            broken.put("an expired token", TestTokens.expired("matrix-admin", "ADMIN"));
            broken.put("a token from another issuer", TestTokens.fromAnotherIssuer("matrix-admin", "ADMIN"));
            broken.put("a token for another audience", TestTokens.forAnotherAudience("matrix-admin", "ADMIN"));
            broken.put("a token signed with a foreign key", TestTokens.signedWithAForeignKey("matrix-admin", "ADMIN"));
            broken.put("an unsigned (alg none) token", TestTokens.unsigned("matrix-admin", "ADMIN"));
            broken.forEach((what, token) -> {
                int status = call(anonymous, endpoint.method(), path, token);
                if (status == NO_ANSWER) {
                    failures.add(endpoint + " with " + what + ": no answer within " + ANSWER_WITHIN);
                } else if (status != 401) {
                    failures.add(endpoint + " with " + what + ": " + status + " (401 expected)");
                }
            });
        }
        assertThat(failures).as("authorisation matrix of %d endpoints", endpoints.size()).isEmpty();
    }

    /** The status of the answer, or {@link #NO_ANSWER} when none came in time. */
    private static int call(WebTestClient client, HttpMethod method, String path, String authorization) {
        var request = client.method(method).uri(path).headers(headers -> {
            if (authorization != null) {
                headers.set(HttpHeaders.AUTHORIZATION, authorization);
            }
        });
        try {
            var exchange = method == HttpMethod.GET || method == HttpMethod.DELETE || method == HttpMethod.HEAD
                    ? request.exchange()
                    : request.contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
            // Read the body to the end: an unread body keeps its pooled connection, and a service with
            // enough endpoints would exhaust the client's pool and hang the matrix.
            return exchange.expectBody().returnResult().getStatus().value();
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof TimeoutException) {
                return NO_ANSWER;
            }
            throw e;
        }
    }
}
