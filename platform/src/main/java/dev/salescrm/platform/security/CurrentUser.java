package dev.salescrm.platform.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Who is calling: the token's subject (the id stored as owner and actor), its display name and
 * its roles.
 */
public record CurrentUser(String id, String username, Set<Role> roles) {

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean hasAny(Role... candidates) {
        for (Role role : candidates) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /** The caller of the current request; empty when the request carries no token. */
    public static Mono<CurrentUser> current() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(context -> context.getAuthentication())
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(authentication -> of(((JwtAuthenticationToken) authentication).getToken()));
    }

    /** The caller, or an error: for handlers that only authenticated requests reach. */
    public static Mono<CurrentUser> required() {
        return current().switchIfEmpty(Mono.error(new IllegalStateException("no authenticated caller")));
    }

    static CurrentUser of(Jwt jwt) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        List<String> names = jwt.getClaimAsStringList(CrmJwt.ROLES_CLAIM);
        if (names != null) {
            for (String name : names) {
                try {
                    roles.add(Role.valueOf(name));
                } catch (IllegalArgumentException unknownRole) {
                    // a role this version does not know grants nothing
                }
            }
        }
        String username = jwt.getClaimAsString("preferred_username");
        return new CurrentUser(jwt.getSubject(), username == null ? jwt.getSubject() : username, Set.copyOf(roles));
    }
}
