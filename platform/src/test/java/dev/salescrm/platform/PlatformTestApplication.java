package dev.salescrm.platform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small service used only by the platform's own tests, so that the plumbing is tested the way
 * services use it: auto-configured, on a real database and a real broker.
 */
@SpringBootApplication
public class PlatformTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(PlatformTestApplication.class, args);
    }
}
