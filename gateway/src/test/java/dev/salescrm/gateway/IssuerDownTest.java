package dev.salescrm.gateway;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The issuer is not up (its key set URL refuses connections): the gateway still starts and is
 * healthy, and a request with a token gets 503 problem+json until the key set can be fetched.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class IssuerDownTest {

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        TestBackend backend = TestBackend.get();
        backend.register(registry);
        registry.add("crm.security.jwk-set-uri", () -> backend.downUrl("/oauth2/jwks"));
    }

    @Autowired
    WebTestClient http;

    @Test
    void startsAndIsHealthyWithoutTheIssuer() {
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

    @Test
    void aTokenThatCannotBeCheckedIs503NotAnError500() {
        http.mutate().responseTimeout(Duration.ofSeconds(15)).build()
                .get().uri("/api/leads").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.valid("alice"))
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:service-unavailable");
    }
}
