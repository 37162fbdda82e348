package dev.salescrm.platform.test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * Tokens for service tests, signed by a test issuer whose key set is served over HTTP on a free
 * port — so services read them through the same decoder as production (key set URI, RS256,
 * issuer, audience, expiry). The issuer is ours, but in service tests an external OIDC provider
 * is what it stands in for. Broken tokens (expired, foreign issuer or key, wrong audience,
 * {@code alg: none}) are here too, for the tests that must refuse them.
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.crm.test";
    public static final String AUDIENCE = "crm-api";
    /** The role names of the token contract (docs/security.md); the platform checks them against its enum. */
    public static final List<String> ROLES =
            List.of("SALES_REP", "SALES_MANAGER", "MARKETING", "BILLING", "CATALOG_ADMIN", "ADMIN", "ANALYTICS");

    private static final RSAKey KEY = rsaKey("crm-test-key");
    private static final RSAKey FOREIGN_KEY = rsaKey("someone-elses-key");
    private static String jwkSetUri;

    private TestTokens() {
    }

    /** The key set URI of the test issuer (started on first use, lives as long as the JVM). */
    public static synchronized String jwkSetUri() {
        if (jwkSetUri == null) {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                byte[] keys = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
                server.createContext("/jwks", exchange -> {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, keys.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(keys);
                    }
                });
                server.start();
                jwkSetUri = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jwkSetUri;
    }

    /** {@code Bearer <token>} for a user with these roles, valid for an hour. */
    public static String bearer(String subject, String... roles) {
        return "Bearer " + sign(KEY, claims(subject, ISSUER, AUDIENCE, Duration.ofHours(1), roles));
    }

    public static String expired(String subject, String... roles) {
        return "Bearer " + sign(KEY, claims(subject, ISSUER, AUDIENCE, Duration.ofMinutes(-5), roles));
    }

    public static String fromAnotherIssuer(String subject, String... roles) {
        return "Bearer " + sign(KEY, claims(subject, "https://evil.example", AUDIENCE, Duration.ofHours(1), roles));
    }

    public static String forAnotherAudience(String subject, String... roles) {
        return "Bearer " + sign(KEY, claims(subject, ISSUER, "some-other-api", Duration.ofHours(1), roles));
    }

    public static String signedWithAForeignKey(String subject, String... roles) {
        return "Bearer " + sign(FOREIGN_KEY, claims(subject, ISSUER, AUDIENCE, Duration.ofHours(1), roles));
    }

    public static String unsigned(String subject, String... roles) {
        return "Bearer " + new PlainJWT(claims(subject, ISSUER, AUDIENCE, Duration.ofHours(1), roles)).serialize();
    }

    private static JWTClaimsSet claims(String subject, String issuer, String audience, Duration validFor, String... roles) {
        Instant now = Instant.now();
        Instant expiry = now.plus(validFor);
        Instant issuedAt = validFor.isNegative() ? expiry.minus(Duration.ofMinutes(15)) : now;
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString())
                .claim("preferred_username", subject)
                .claim("roles", List.of(roles))
                .build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsaKey(String id) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(id).build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
