package dev.salescrm.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway end to end on a random port, with local stand-ins for the services and the issuer's
 * key set ({@link TestBackend}): the production JWT decoder, routes, filters and fallbacks run as
 * configured in application.yml. Time limit 3 s here (10 s in production) to keep slow cases short.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "crm.gateway.rate-limit.store=memory",
        "resilience4j.timelimiter.configs.default.timeout-duration=3s"})
@AutoConfigureWebTestClient
class GatewayTest extends AgainstTestBackend {

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    WebTestClient http;

    @BeforeEach
    void client() {
        http = webTestClient.mutate().responseTimeout(Duration.ofSeconds(20)).build();
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    // --- authentication -------------------------------------------------------------------

    @Test
    void noTokenIs401ProblemWithBearerChallenge() {
        http.get().uri("/api/leads").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).startsWith("Bearer"))
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:unauthorized")
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.title").isNotEmpty()
                .jsonPath("$.detail").isNotEmpty()
                .jsonPath("$.instance").isEqualTo("/api/leads");
        assertThat(backend.hits("GET", "/api/leads")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wrong-audience", "no-audience", "expired", "foreign-key", "alg-none", "other-issuer",
            "not-a-jwt"})
    void badTokensAre401(String kind) {
        String token = switch (kind) {
            case "wrong-audience" -> TestTokens.signedBy(true, c -> c.audience(List.of("other-api")));
            case "no-audience" -> TestTokens.signedBy(true, c -> c.audience((String) null));
            case "expired" -> TestTokens.signedBy(true, c -> c
                    .issueTime(Date.from(Instant.now().minusSeconds(3600)))
                    .notBeforeTime(Date.from(Instant.now().minusSeconds(3600)))
                    .expirationTime(Date.from(Instant.now().minusSeconds(600))));
            case "foreign-key" -> TestTokens.signedBy(false, c -> { });
            case "alg-none" -> TestTokens.unsigned("alice");
            case "other-issuer" -> TestTokens.signedBy(true, c -> c.issuer("http://evil.example"));
            default -> "garbage";
        };
        String path = "/api/leads/bad-token-" + kind;
        http.get().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).startsWith("Bearer"))
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:unauthorized");
        assertThat(backend.hits("GET", path)).as("never routed").isZero();
    }

    @Test
    void validTokenIsRoutedWithTheAuthorizationHeaderUnchanged() {
        String token = TestTokens.valid("alice");
        http.get().uri("/api/leads/123").header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.path").isEqualTo("/api/leads/123");
        assertThat(backend.authorizationSeenAt("/api/leads/123")).isEqualTo(bearer(token));
    }

    @Test
    void everyServiceIsRouted() {
        String token = bearer(TestTokens.valid("router"));
        for (String path : List.of("/api/leads", "/api/campaigns/1", "/api/campaign-responses/1/convert",
                "/api/accounts", "/api/contacts/1", "/api/opportunities", "/api/quotes/1", "/api/pipeline",
                "/api/unit-groups", "/api/products/1", "/api/price-lists", "/api/catalog/search")) {
            http.get().uri(path).header(HttpHeaders.AUTHORIZATION, token).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.path").isEqualTo(path);
        }
    }

    // --- resilience ----------------------------------------------------------------------

    @Test
    void aServiceThatIsDownGives503ProblemNamingIt() {
        long started = System.nanoTime();
        http.get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.valid("alice"))).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:service-unavailable")
                .jsonPath("$.status").isEqualTo(503)
                .jsonPath("$.instance").isEqualTo("/api/orders")
                .jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                        .contains("billing-service")
                        .doesNotContainIgnoringCase("connection")
                        .doesNotContain("127.0.0.1"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aSlowServiceGives504ProblemAtTheTimeLimit() {
        long started = System.nanoTime();
        http.get().uri("/api/opportunities/slow").header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.valid("alice")))
                .exchange()
                .expectStatus().isEqualTo(504)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:upstream-timeout")
                .jsonPath("$.detail").value(String.class, d -> assertThat(d).contains("opportunity-service"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(2900)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theConfiguredTimeLimitIsInForceNotResilience4jsOneSecondDefault() {
        http.get().uri("/api/opportunities/moderate").header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.valid("alice")))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.moderate").isEqualTo(true);
    }

    @Test
    void getIsRetriedOnA502() {
        http.get().uri("/api/accounts/get/flaky").header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.valid("alice")))
                .exchange()
                .expectStatus().isEqualTo(502);
        assertThat(backend.hits("GET", "/api/accounts/get/flaky")).as("1 call + 2 retries").isEqualTo(3);
    }

    @Test
    void postIsNeverRetried() {
        http.post().uri("/api/accounts/post/flaky").header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.valid("alice")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"x\"}")
                .exchange()
                .expectStatus().isEqualTo(502);
        assertThat(backend.hits("POST", "/api/accounts/post/flaky")).isEqualTo(1);
    }

    // --- request size --------------------------------------------------------------------

    @Test
    void aBodyOverOneMebibyteIs413Problem() {
        http.post().uri("/api/leads").header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.valid("alice")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(new byte[1024 * 1024 + 1])
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().doesNotExist("errorMessage")
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:payload-too-large")
                .jsonPath("$.status").isEqualTo(413);
        assertThat(backend.hits("POST", "/api/leads")).isZero();
    }

    @Test
    void aBodyOfExactlyOneMebibytePasses() {
        http.post().uri("/api/contacts").header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.valid("alice")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(new byte[1024 * 1024])
                .exchange()
                .expectStatus().isCreated();
    }

    @Test
    void leadImportAllowsTenMebibytes() {
        String token = bearer(TestTokens.valid("alice"));
        http.post().uri("/api/leads/import").header(HttpHeaders.AUTHORIZATION, token)
                .contentType(MediaType.parseMediaType("text/csv")).bodyValue(new byte[5 * 1024 * 1024])
                .exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.bodyLength").isEqualTo(5 * 1024 * 1024);
        http.post().uri("/api/leads/import").header(HttpHeaders.AUTHORIZATION, token)
                .contentType(MediaType.parseMediaType("text/csv")).bodyValue(new byte[10 * 1024 * 1024 + 1])
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:payload-too-large");
    }

    // --- CORS and headers -----------------------------------------------------------------

    @Test
    void preflightFromAnAllowedOriginPasses() {
        http.options().uri("/api/leads")
                .header(HttpHeaders.ORIGIN, "http://localhost:5173")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PATCH")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type,if-match,idempotency-key")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:5173")
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, v -> assertThat(v).contains("PATCH"))
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, v -> assertThat(v.toLowerCase())
                        .contains("authorization", "content-type", "if-match", "idempotency-key"));
    }

    @Test
    void preflightFromAnotherOriginIsRefused() {
        http.options().uri("/api/leads")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    @Test
    void anAllowedOriginSeesTheExposedHeaders() {
        http.get().uri("/api/leads/cors").header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.valid("alice")))
                .header(HttpHeaders.ORIGIN, "http://127.0.0.1:5173")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valuesMatch(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://127.0.0.1:5173")
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, v -> assertThat(v)
                        .contains("ETag", "Location", "Retry-After", "Idempotency-Replayed"));
    }

    @Test
    void securityHeadersOnRoutedAndRefusedResponses() {
        for (var spec : List.of(
                http.get().uri("/api/leads/headers").header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.valid("alice"))),
                http.get().uri("/api/leads/headers"))) {
            spec.exchange()
                    .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                    .expectHeader().valueEquals("X-Frame-Options", "DENY")
                    .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                    .expectHeader().value("Content-Security-Policy", v -> assertThat(v).contains("default-src 'none'"))
                    // plain HTTP here: HSTS is only sent over HTTPS
                    .expectHeader().doesNotExist("Strict-Transport-Security");
        }
    }

    // --- open endpoints and API docs ------------------------------------------------------

    @Test
    void apiDocsAreProxiedFromEachServiceWithoutAToken() {
        for (String service : List.of("lead-service", "account-service", "opportunity-service", "catalog-service")) {
            http.get().uri("/v3/api-docs/" + service).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.openapi").isEqualTo("3.1.0");
        }
        assertThat(backend.hits("GET", "/v3/api-docs")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void swaggerUiListsEveryService() {
        http.get().uri("/v3/api-docs/swagger-config").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.urls[*].name").value(List.class, names -> assertThat(names).contains(
                        "lead-service", "account-service", "opportunity-service", "catalog-service", "billing-service"))
                .jsonPath("$.urls[?(@.name == 'lead-service')].url").isEqualTo(List.of("/v3/api-docs/lead-service"));
        String location = http.get().uri("/swagger-ui.html").exchange()
                .expectStatus().is3xxRedirection()
                .returnResult(Void.class).getResponseHeaders().getLocation().getPath();
        http.get().uri(location).exchange()
                .expectStatus().isOk()
                .expectHeader().value("Content-Security-Policy", v -> assertThat(v).contains("script-src 'self'"));
    }

    /**
     * Paths the security firewall refuses before anything else runs (R6 of the fault suite sent them and got an
     * empty 400): still a problem, like every refusal, and nothing reaches a service.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/leads/%25", "/api/leads/..%2F..%2Fetc%2Fpasswd", "/api/leads/%00",
            "/api/accounts/%27%3B%20DROP%20TABLE%20lead%3B%20--"})
    void aPathTheFirewallRefusesIs400Problem(String path) {
        http.get().uri(java.net.URI.create("http://localhost:" + port + path))
                .header(HttpHeaders.AUTHORIZATION, bearer(TestTokens.valid("alice")))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:malformed-request")
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.detail").isNotEmpty();
        assertThat(backend.hits("GET", "/api/leads")).isZero();
    }

    @Test
    void healthIsOpen() {
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    @Test
    void anythingElseIsClosed() {
        http.method(HttpMethod.GET).uri("/fallback/lead-service").exchange().expectStatus().isUnauthorized();
        http.get().uri("/actuator/env").exchange().expectStatus().isUnauthorized();
    }
}
