package dev.salescrm.platform.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * How every resource server reads a token (docs/security.md): RS256 signatures by a key from the
 * issuer's key set only (so {@code alg: none} and foreign keys fail), the issuer, the {@code crm-api}
 * audience and the expiry checked; the {@code roles} claim becomes {@code ROLE_*} authorities.
 */
public final class CrmJwt {

    public static final String ROLES_CLAIM = "roles";

    private CrmJwt() {
    }

    /** The key set is fetched on first use, so a service starts even before its issuer does. */
    public static ReactiveJwtDecoder decoder(SecurityProperties properties) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(validator(properties));
        return decoder;
    }

    public static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtValidators.createDefaultWithIssuer(properties.issuer()));
        validators.add(new JwtClaimValidator<List<String>>("aud",
                audiences -> audiences != null && audiences.contains(properties.audience())));
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    public static Converter<Jwt, Mono<AbstractAuthenticationToken>> authenticationConverter() {
        return jwt -> {
            Collection<GrantedAuthority> authorities = new ArrayList<>();
            for (Role role : CurrentUser.of(jwt).roles()) {
                authorities.add(new SimpleGrantedAuthority("ROLE_" + role.name()));
            }
            return Mono.just(new JwtAuthenticationToken(jwt, authorities, jwt.getSubject()));
        };
    }
}
