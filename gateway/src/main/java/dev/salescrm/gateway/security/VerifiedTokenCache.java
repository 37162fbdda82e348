package dev.salescrm.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Remembers tokens the delegate has verified, for a short while: a client sends the same bearer token with
 * every request, and verifying its RS256 signature and parsing its claims again each time is work the gateway
 * does for every request it refuses, too (the fault suite's overload scenario, R8, sends thousands a second from
 * one user). Only successes are remembered, keyed by the whole token string, so a forged or altered token is
 * never a hit.
 *
 * <p>A hit is honoured until the earlier of the token's own expiry (checked strictly on every hit, without the
 * delegate's clock skew) and {@code timeToLive} after it was verified: a signing key withdrawn from the issuer's
 * key set stops being accepted within that time, as a revoked key should. The cache holds at most
 * {@code maxTokens}; when full it is emptied (simple, and every entry is cheap to rebuild).
 */
public final class VerifiedTokenCache implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder delegate;
    private final Duration timeToLive;
    private final int maxTokens;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(Jwt jwt, Instant until) {
    }

    public VerifiedTokenCache(ReactiveJwtDecoder delegate, Duration timeToLive, int maxTokens, Clock clock) {
        this.delegate = delegate;
        this.timeToLive = timeToLive;
        this.maxTokens = maxTokens;
        this.clock = clock;
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        Instant now = clock.instant();
        Verified hit = verified.get(token);
        if (hit != null) {
            if (now.isBefore(hit.until())) {
                return Mono.just(hit.jwt());
            }
            verified.remove(token, hit);
        }
        return delegate.decode(token).doOnNext(jwt -> remember(token, jwt, now));
    }

    private void remember(String token, Jwt jwt, Instant now) {
        Instant until = now.plus(timeToLive);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
            until = jwt.getExpiresAt();
        }
        if (verified.size() >= maxTokens) {
            verified.clear();
        }
        verified.put(token, new Verified(jwt, until));
    }

    /** Tokens remembered now, for tests. */
    int size() {
        return verified.size();
    }
}
