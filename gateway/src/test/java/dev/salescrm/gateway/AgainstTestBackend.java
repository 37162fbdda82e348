package dev.salescrm.gateway;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What every gateway test on a random port shares: the local stand-ins for the five services and the issuer's
 * key set ({@link TestBackend}, one per JVM), wired in as the routes' addresses, and a client for the gateway.
 * Each test class keeps its own {@code @SpringBootTest} properties (time limit, in-flight limits, …).
 */
abstract class AgainstTestBackend {

    static final TestBackend backend = TestBackend.get();

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        backend.register(registry);
    }

    @Autowired
    WebTestClient webTestClient;
}
