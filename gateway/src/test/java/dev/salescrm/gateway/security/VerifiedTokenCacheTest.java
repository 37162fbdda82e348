package dev.salescrm.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway verifies a token once and remembers it briefly (VerifiedTokenCache): a repeated token is not
 * verified again; a refused one is never remembered; a remembered one is dropped at its own expiry or after the
 * time to live, whichever comes first, and verified afresh. The delegate stands in for the Nimbus decoder (the
 * key set and signatures are GatewayTest's subject); the clock is the test's.
 */
class VerifiedTokenCacheTest {

    Instant now = Instant.parse("2026-11-27T10:00:00Z");
    final List<String> verifications = new ArrayList<>();
    final ReactiveJwtDecoder nimbus = token -> {
        verifications.add(token);
        if (token.startsWith("forged")) {
            return Mono.error(new BadJwtException("signature does not verify"));
        }
        Instant expires = token.startsWith("short") ? now.plusSeconds(20) : now.plusSeconds(300);
        return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject("alice")
                .issuedAt(now).expiresAt(expires).build());
    };
    final VerifiedTokenCache cache = new VerifiedTokenCache(nimbus, Duration.ofSeconds(60), 3, new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    });

    @Test
    void aRepeatedTokenIsVerifiedOnceUntilItsTimeToLiveOrExpiry() {
        assertThat(cache.decode("good").block().getSubject()).isEqualTo("alice");
        assertThat(cache.decode("good").block().getSubject()).isEqualTo("alice");
        assertThat(verifications).containsExactly("good");

        now = now.plusSeconds(61);   // past the time to live, before the token's expiry
        cache.decode("good").block();
        assertThat(verifications).containsExactly("good", "good");

        cache.decode("short-lived").block();
        now = now.plusSeconds(20);   // the token's own expiry comes before the time to live
        cache.decode("short-lived").block();
        assertThat(verifications).containsExactly("good", "good", "short-lived", "short-lived");
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        assertThatThrownBy(() -> cache.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThat(verifications).containsExactly("forged", "forged");
        assertThat(cache.size()).isZero();
    }

    @Test
    void theCacheStaysWithinItsBound() {
        for (int i = 0; i < 10; i++) {
            cache.decode("good-" + i).block();
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
    }
}
