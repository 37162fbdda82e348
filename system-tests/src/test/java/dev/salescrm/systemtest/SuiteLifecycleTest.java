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
        Path repo = Path.of(System.getProperty("crm.repo", "..")).toAbsolutePath().normalize();
        List<String> missing = new ArrayList<>();
        for (String name : SuiteConfig.processNames()) {
            Path jar = repo.resolve(name).resolve("target").resolve(name + "-0.1.0-SNAPSHOT.jar");
            if (!Files.isRegularFile(jar)) {
                missing.add(jar.toString());
            }
        }
        if (!Files.isRegularFile(repo.resolve("launcher/target/launcher.classpath"))) {
            missing.add(repo.resolve("launcher/target/launcher.classpath").toString());
        }
        if (!missing.isEmpty()) {
            fail("system tests need the built service jars; run the whole reactor (./crm test or ./mvnw verify "
                    + "from the repository root), missing: " + missing);
        }

        Set<Integer> taken = new HashSet<>();
        SuiteConfig.Builder builder = SuiteConfig.builder(home, repo)
                .dbPrefix("st_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .externalKafka(null)
                .externalDbUrl(System.getenv("CRM_DB_URL"))
                .kafkaPort(freePortPair(taken))
                .embeddedDbPort(freePort(taken))
                .readinessTimeout(Duration.ofSeconds(240));
        for (String name : SuiteConfig.processNames()) {
            builder.port(name, freePort(taken));
        }
        config = builder.build();
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

        assertThat(first.pids()).containsKeys("kafka", "lead-service", "account-service", "opportunity-service",
                "catalog-service", "billing-service", "gateway");
        for (String name : SuiteConfig.processNames()) {
            assertThat(status(config.port(name), "/actuator/health/readiness")).as(name + " readiness").isEqualTo(200);
        }
        assertThat(status(config.port("gateway"), "/actuator/health")).as("gateway health").isEqualTo(200);
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
            assertThat(open(port)).as("port " + port + " closed").isFalse();
        }
        assertThat(suite.down()).as("second down is harmless").isEmpty();
    }

    private static int status(int port, String path) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean open(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort(Set<Integer> taken) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                int port = socket.getLocalPort();
                if (taken.add(port)) {
                    return port;
                }
            }
        }
        throw new IOException("no free port");
    }

    /** A free port whose successor is free too: the broker listens on port, its controller on port + 1. */
    private static int freePortPair(Set<Integer> taken) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort(taken);
            if (port < 65535 && !taken.contains(port + 1) && !open(port + 1) && bindable(port + 1)) {
                taken.add(port + 1);
                return port;
            }
        }
        throw new IOException("no free port pair");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
