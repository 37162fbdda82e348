package dev.salescrm.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.salescrm.launcher.PkceLogin;

/**
 * The issuer over real HTTP: discovery, client credentials, and the authorization code + PKCE flow of a person
 * through the login form, driven by the same {@link PkceLogin} client {@code ./crm token} uses. Every token is
 * decoded and its signature verified against the JWKS the issuer publishes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IssuerTest {

    /** Not the address the test talks to: proves iss comes from configuration, not from the request. */
    static final String ISSUER = "http://issuer.test:9000";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path keyDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        keyDir = Files.createTempDirectory("identity-test");
        registry.add("crm.security.issuer", () -> ISSUER);
        registry.add("crm.identity.key-file", () -> keyDir.resolve("jwk.json").toString());
    }

    @AfterAll
    static void removeKey() throws IOException {
        // The application context (cached by Spring's test framework) has read the key at start; only the file goes.
        Files.deleteIfExists(keyDir.resolve("jwk.json"));
        Files.deleteIfExists(keyDir);
    }

    @LocalServerPort
    int port;

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    @Test
    void discoveryNamesTheConfiguredIssuerAndItsKeySet() throws Exception {
        HttpResponse<String> response = get("/.well-known/openid-configuration");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"issuer\":\"" + ISSUER + "\"")
                .contains("\"jwks_uri\":\"" + ISSUER + "/oauth2/jwks\"")
                .contains("\"token_endpoint\":\"" + ISSUER + "/oauth2/token\"")
                .contains("\"authorization_endpoint\":\"" + ISSUER + "/oauth2/authorize\"")
                .contains("S256");

        JWKSet keys = JWKSet.parse(get("/oauth2/jwks").body());
        assertThat(keys.getKeys()).hasSize(1);
        RSAKey key = keys.getKeys().getFirst().toRSAKey();
        assertThat(key.isPrivate()).as("the JWKS publishes no private key").isFalse();
        assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    }

    @Test
    void clientCredentialsGiveTheMachineItsConfiguredRolesForCrmApi() throws Exception {
        Instant before = Instant.now();
        PkceLogin.TokenResponse token = new PkceLogin(base())
                .clientCredentials("erp-sync", "erp-sync-local-secret", null);

        assertThat(token.tokenType()).isEqualTo("Bearer");
        assertThat(token.expiresIn()).isBetween(899L, 900L);
        JWTClaimsSet claims = verified(token.accessToken());
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getAudience()).contains("crm-api");
        assertThat(claims.getSubject()).isEqualTo("erp-sync");
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo("erp-sync");
        assertThat(claims.getStringListClaim("roles")).containsExactly("CATALOG_ADMIN");
        assertThat(claims.getExpirationTime().toInstant())
                .isBetween(before.plus(Duration.ofMinutes(15)).minusSeconds(5), Instant.now().plus(Duration.ofMinutes(15)).plusSeconds(5));

        JWTClaimsSet analytics = verified(PkceLogin.clientCredentialsToken(base(), "analytics", "analytics-local-secret"));
        assertThat(analytics.getSubject()).isEqualTo("analytics");
        assertThat(analytics.getStringListClaim("roles")).containsExactly("ANALYTICS");
    }

    @Test
    void aWrongClientSecretIs401() {
        assertThatThrownBy(() -> new PkceLogin(base()).clientCredentials("erp-sync", "not-the-secret", null))
                .isInstanceOfSatisfying(PkceLogin.LoginException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> new PkceLogin(base()).clientCredentials("no-such-client", "x", null))
                .isInstanceOfSatisfying(PkceLogin.LoginException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void aPersonLogsInWithCodeAndPkceAndGetsTheirRoles() throws Exception {
        String accessToken = PkceLogin.accessToken(base(), "crm-web", "http://127.0.0.1/callback", "alice",
                PkceLogin.DEFAULT_DEMO_PASSWORD);

        JWTClaimsSet claims = verified(accessToken);
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getAudience()).contains("crm-api");
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo("alice");
        assertThat(claims.getStringListClaim("roles")).containsExactly("SALES_REP");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("crm-web");
    }

    @Test
    void theMobileClientMayUseAnyLoopbackPort() throws Exception {
        String accessToken = PkceLogin.accessToken(base(), "crm-mobile", "http://127.0.0.1:53682/callback", "maryam",
                PkceLogin.DEFAULT_DEMO_PASSWORD);

        JWTClaimsSet claims = verified(accessToken);
        assertThat(claims.getSubject()).isEqualTo("maryam");
        assertThat(claims.getStringListClaim("roles")).containsExactly("SALES_MANAGER");
    }

    @Test
    void aWrongVerifierIsRefusedAndTheCodeIsNotSpent() {
        PkceLogin login = new PkceLogin(base());
        PkceLogin.Pkce pkce = PkceLogin.Pkce.generate();
        String code = login.authorizationCode("crm-web", "http://127.0.0.1/callback", "bob",
                PkceLogin.DEFAULT_DEMO_PASSWORD, pkce);

        assertThatThrownBy(() -> login.exchange("crm-web", "http://127.0.0.1/callback", code,
                PkceLogin.Pkce.generate().verifier()))
                .isInstanceOfSatisfying(PkceLogin.LoginException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("invalid_grant");
                });
    }

    @Test
    void aCodeWithoutPkceIsNotIssuedToAPublicClient() throws Exception {
        HttpResponse<String> response = get("/oauth2/authorize?response_type=code&client_id=crm-web"
                + "&redirect_uri=http://127.0.0.1/callback&scope=openid");

        // Refused before any login: back to the client with the error, never a code, never the login form.
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .startsWith("http://127.0.0.1/callback?error=invalid_request")
                .contains("code_challenge")
                .doesNotContain("code="));
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertThatThrownBy(() -> PkceLogin.accessToken(base(), "crm-web", "http://127.0.0.1/callback", "alice",
                "wrong-password"))
                .isInstanceOf(PkceLogin.LoginException.class)
                .hasMessageContaining("login of alice refused");
    }

    @Test
    void anUnregisteredRedirectUriGetsNoCode() {
        assertThatThrownBy(() -> PkceLogin.accessToken(base(), "crm-web", "http://evil.example/callback", "alice",
                PkceLogin.DEFAULT_DEMO_PASSWORD))
                .isInstanceOfSatisfying(PkceLogin.LoginException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void probesAndMetricsAreOpen() throws Exception {
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
    }

    /** Claims of a JWT whose RS256 signature verifies with a key from the issuer's JWKS. */
    private JWTClaimsSet verified(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        JWKSet keys = JWKSet.parse(get("/oauth2/jwks").body());
        RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("signing key " + jwt.getHeader().getKeyID() + " is in the JWKS").isNotNull();
        JWSVerifier verifier = new RSASSAVerifier(key);
        assertThat(jwt.verify(verifier)).as("signature").isTrue();
        return jwt.getJWTClaimsSet();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

}
