package dev.salescrm.gateway;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints tokens as the issuer would: RS256 with a test key whose public half the test JWKS serves.
 * A second key, never published, stands for "a foreign key".
 */
public final class TestTokens {

    private static final RSAKey TRUSTED = generate("trusted-key");
    private static final RSAKey FOREIGN = generate("foreign-key");

    private TestTokens() {
    }

    static String jwks() {
        return new JWKSet(TRUSTED.toPublicJWK()).toString();
    }

    /** A valid access token for {@code subject}. */
    public static String valid(String subject) {
        return signed(TRUSTED, claims -> claims.subject(subject));
    }

    public static String signedBy(boolean trustedKey, Consumer<JWTClaimsSet.Builder> customize) {
        return signed(trustedKey ? TRUSTED : FOREIGN, customize);
    }

    /** {@code alg: none}: the claims of a valid token, unsigned. */
    public static String unsigned(String subject) {
        return new PlainJWT(baseClaims().subject(subject).build()).serialize();
    }

    private static String signed(RSAKey key, Consumer<JWTClaimsSet.Builder> customize) {
        JWTClaimsSet.Builder claims = baseClaims().subject("alice");
        customize.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder baseClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(TestBackend.get().issuer())
                .audience(List.of("crm-api"))
                .issueTime(java.util.Date.from(now))
                .notBeforeTime(java.util.Date.from(now))
                .expirationTime(java.util.Date.from(now.plusSeconds(900)))
                .jwtID(UUID.randomUUID().toString())
                .claim("preferred_username", "Alice")
                .claim("roles", List.of("SALES_REP"));
    }

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
