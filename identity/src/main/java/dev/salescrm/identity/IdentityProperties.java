package dev.salescrm.identity;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code crm.identity.*}: the people who can log in, the roles of the machine clients, and where the signing
 * key is kept. The clients themselves are Boot's {@code spring.security.oauth2.authorizationserver.client.*}.
 *
 * @param keyFile     RSA signing key (a JWK with its private part); generated on first start, then reused so
 *                    that tokens stay valid across a restart of the issuer
 * @param users       demo users; {@code password} carries its encoding id: {@code {noop}…} or {@code {bcrypt}…}
 * @param clientRoles roles put into the tokens of a client-credentials client, by client id
 */
@ConfigurationProperties("crm.identity")
public record IdentityProperties(Path keyFile, List<User> users, Map<String, List<String>> clientRoles) {

    public IdentityProperties {
        if (keyFile == null) {
            throw new IllegalArgumentException("crm.identity.key-file is required");
        }
        users = users == null ? List.of() : List.copyOf(users);
        clientRoles = clientRoles == null ? Map.of() : Map.copyOf(clientRoles);
        clientRoles.forEach((client, roles) -> requireKnownRoles("crm.identity.client-roles." + client, roles));
    }

    /** The roles of docs/security.md; a typo in the configuration must not become a role nobody checks. */
    public static final Set<String> ROLES =
            Set.of("SALES_REP", "SALES_MANAGER", "MARKETING", "BILLING", "CATALOG_ADMIN", "ADMIN", "ANALYTICS");

    static void requireKnownRoles(String where, List<String> roles) {
        for (String role : roles) {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException(where + ": unknown role " + role + "; known: " + ROLES);
            }
        }
    }

    public record User(String username, String password, List<String> roles) {
        public User {
            if (username == null || username.isBlank()) {
                throw new IllegalArgumentException("crm.identity.users[*].username is required");
            }
            if (password == null || !password.startsWith("{")) {
                throw new IllegalArgumentException("crm.identity.users[" + username
                        + "].password must name its encoding: {noop}plain or {bcrypt}hash");
            }
            roles = roles == null ? List.of() : List.copyOf(roles);
            requireKnownRoles("crm.identity.users[" + username + "].roles", roles);
        }
    }
}
