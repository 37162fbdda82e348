package dev.salescrm.platform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import dev.salescrm.platform.security.AccessRules;
import dev.salescrm.platform.security.Role;

/**
 * A small service used only by the platform's own tests, so that the plumbing is tested the way
 * services use it: auto-configured, on a real database and a real broker.
 */
@SpringBootApplication
public class PlatformTestApplication {

    /** The test controllers are the platform's, not a product's: administrators may call them all. */
    @Bean
    AccessRules accessRules() {
        return AccessRules.builder().allow(null, "/**", Role.ADMIN).build();
    }

    public static void main(String[] args) {
        SpringApplication.run(PlatformTestApplication.class, args);
    }
}
