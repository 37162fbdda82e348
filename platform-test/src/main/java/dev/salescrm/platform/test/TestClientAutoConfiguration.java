package dev.salescrm.platform.test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;

/**
 * Service tests call the API as an administrator unless they say otherwise: a test about leads
 * should not have to be a test about tokens. Tests about access send their own token
 * ({@code headers(h -> h.set(AUTHORIZATION, TestTokens.bearer(...)))}) or use {@link #anonymous}.
 */
@AutoConfiguration
public class TestClientAutoConfiguration {

    public static final String TEST_ADMIN = "test-admin";

    /**
     * Also a generous response timeout: the first request of a fresh context, on a loaded two-core
     * machine while the broker still creates topics, has taken over the default 5 s.
     */
    @Bean
    WebTestClientBuilderCustomizer crmTestAdminToken() {
        return builder -> builder.defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TEST_ADMIN, "ADMIN"))
                .responseTimeout(java.time.Duration.ofSeconds(30));
    }

    /** The same client without the default token. */
    public static org.springframework.test.web.reactive.server.WebTestClient anonymous(
            org.springframework.test.web.reactive.server.WebTestClient client) {
        return client.mutate().defaultHeaders(headers -> headers.remove(HttpHeaders.AUTHORIZATION)).build();
    }
}
