package dev.salescrm.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where tokens come from ({@code crm.security.*}); see docs/security.md. Production points these at
 * any OIDC issuer.
 *
 * @param issuer    the expected {@code iss}
 * @param jwkSetUri the issuer's key set; empty means {@code <issuer>/oauth2/jwks}
 * @param audience  the audience every token must carry
 */
@ConfigurationProperties("crm.security")
public record SecurityProperties(
        @DefaultValue("http://127.0.0.1:9000") String issuer,
        String jwkSetUri,
        @DefaultValue("crm-api") String audience) {

    public SecurityProperties {
        if (jwkSetUri == null || jwkSetUri.isBlank()) {
            jwkSetUri = issuer.replaceAll("/+$", "") + "/oauth2/jwks";
        }
    }
}
