package dev.salescrm.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.salescrm.launcher.PkceLogin;
import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.SuiteConfig;

/**
 * The whole suite as real processes, through the same {@link Suite} class {@code ./crm up} uses: its own home
 * directory, free ports, its own database prefix and its own Kafka broker process, so it can run beside a
 * developer's {@code ./crm up} and beside other builds on the same machine.
 */
class SuiteLifecycleTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path home;

    private Suite suite;
    private SuiteConfig config;

    @BeforeEach
    void configure() throws IOException {
        config = SystemUnderTest.isolatedConfig(home);
        suite = new Suite(config);
    }

    @AfterEach
    void tearDown() {
        if (suite == null) {
            return;
        }
        Thread.interrupted(); // a @Timeout interrupt must not stop the cleanup
        try {
            suite.down();
        } finally {
            suite.dropDatabases();
        }
    }

    @Test
    @Timeout(value = 7, unit = TimeUnit.MINUTES)
    void upIsReadyIdempotentAndDownStopsEverything() throws Exception {
        Suite.UpResult first = suite.up();

        assertThat(first.pids()).containsKeys("kafka", "identity", "lead-service", "account-service", "opportunity-service",
                "catalog-service", "billing-service", "gateway");
        for (String name : SuiteConfig.processNames()) {
            int port = config.port(name);
            assertThat(SystemUnderTest.status(port, "/actuator/health/readiness")).as(name + " readiness").isEqualTo(200);
            assertThat(SystemUnderTest.status(port, "/actuator/health/liveness")).as(name + " liveness").isEqualTo(200);
            assertThat(SystemUnderTest.body(port, "/actuator/prometheus")).as(name + " prometheus")
                    .contains("jvm_memory_used_bytes");
        }
        for (String service : SuiteConfig.SERVICES) {
            int port = config.port(service);
            assertThat(SystemUnderTest.body(port, "/actuator/prometheus")).as(service + " outbox gauges")
                    .contains("crm_outbox_pending").contains("crm_outbox_oldest_age_seconds");
            assertThat(SystemUnderTest.body(port, "/v3/api-docs")).as(service + " OpenAPI").contains("\"openapi\":\"3.1");
        }
        assertThat(SystemUnderTest.status(config.port("gateway"), "/actuator/health")).as("gateway health").isEqualTo(200);
        // The issuer the launcher told everyone to trust is the one that signs: discovery names it, and a person
        // gets a token through the real code + PKCE flow.
        assertThat(SystemUnderTest.body(config.port("identity"), "/.well-known/openid-configuration"))
                .contains("\"issuer\":\"" + config.issuer() + "\"");
        String token = PkceLogin.accessToken(config.issuer(), PkceLogin.DEFAULT_CLIENT, PkceLogin.DEFAULT_REDIRECT_URI,
                "alice", PkceLogin.DEFAULT_DEMO_PASSWORD);
        assertThat(token.split("\\.")).hasSize(3);
        assertThat(config.identityKeyFile()).as("signing key kept in the suite's home").isRegularFile();
        assertThat(suite.status()).allSatisfy(line -> assertThat(line.up()).as(line.toString()).isTrue());

        Suite.UpResult second = suite.up();

        assertThat(second.started()).as("second up starts nothing").isEmpty();
        assertThat(second.pids()).isEqualTo(first.pids());

        List<String> stopped = suite.down();

        assertThat(stopped).containsExactlyInAnyOrderElementsOf(first.pids().keySet());
        for (Map.Entry<String, Long> entry : first.pids().entrySet()) {
            assertThat(ProcessHandle.of(entry.getValue()).filter(ProcessHandle::isAlive))
                    .as(entry.getKey() + " pid " + entry.getValue()).isEmpty();
        }
        List<Integer> ports = new ArrayList<>(config.ports().values());
        ports.add(config.kafkaPort());
        ports.add(config.kafkaPort() + 1);
        for (int port : ports) {
            assertThat(SystemUnderTest.open(port)).as("port " + port + " closed").isFalse();
        }
        assertThat(suite.down()).as("second down is harmless").isEmpty();
    }
}
