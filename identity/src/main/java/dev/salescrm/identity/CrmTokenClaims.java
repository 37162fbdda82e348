package dev.salescrm.identity;

import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
 * The claims of docs/security.md. Access tokens: {@code aud = [crm-api]}, {@code sub} (the username, or the
 * client id for client credentials — Spring Authorization Server's own default), {@code preferred_username},
 * {@code roles}, {@code client_id}. ID tokens get {@code preferred_username} and {@code roles} too; their
 * audience stays the client, as OpenID Connect requires.
 */
@Component
class CrmTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    static final String AUDIENCE = "crm-api";
    private static final String ROLE_PREFIX = "ROLE_";

    private final IdentityProperties properties;

    CrmTokenClaims(IdentityProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
        boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
        if (!accessToken && !idToken) {
            return;
        }
        String clientId = context.getRegisteredClient().getClientId();
        String name;
        List<String> roles;
        if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
            name = clientId;
            roles = properties.clientRoles().getOrDefault(clientId, List.of());
        } else {
            Authentication person = context.getPrincipal();
            name = person.getName();
            roles = roles(person);
        }
        context.getClaims().claim("preferred_username", name).claim("roles", roles);
        if (accessToken) {
            context.getClaims().audience(List.of(AUDIENCE)).claim("client_id", clientId);
        }
    }

    private static List<String> roles(Authentication person) {
        return person.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority != null && authority.startsWith(ROLE_PREFIX))
                .map(authority -> authority.substring(ROLE_PREFIX.length()))
                .distinct()
                .sorted()
                .toList();
    }
}
