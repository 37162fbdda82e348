package dev.salescrm.gateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The token contract (docs/security.md): who issues the tokens, where their keys are, and the
 * audience they must carry.
 *
 * @param issuer     expected {@code iss}
 * @param jwkSetUri  key set; {@code <issuer>/oauth2/jwks} when blank. Fetched on the first token,
 *                   not at start-up, so the gateway starts before the issuer does.
 * @param audience   a value {@code aud} must contain
 */
@ConfigurationProperties("crm.security")
public record CrmSecurityProperties(@DefaultValue("http://127.0.0.1:9000") String issuer,
                                    String jwkSetUri,
                                    @DefaultValue("crm-api") String audience) {

    public String effectiveJwkSetUri() {
        if (jwkSetUri != null && !jwkSetUri.isBlank()) {
            return jwkSetUri;
        }
        return issuer.endsWith("/") ? issuer + "oauth2/jwks" : issuer + "/oauth2/jwks";
    }
}
