package dev.salescrm.identity;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The local default OAuth2 / OpenID Connect issuer of the CRM (see README.md and docs/security.md). */
@SpringBootApplication
@EnableConfigurationProperties(IdentityProperties.class)
public class IdentityApplication {

    public static void main(String[] args) {
        SpringApplication.run(IdentityApplication.class, args);
    }
}
