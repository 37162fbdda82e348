package dev.salescrm.systemtest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.salescrm.launcher.FreePorts;
import dev.salescrm.launcher.SuiteConfig;

import static org.assertj.core.api.Assertions.fail;

/**
 * How system tests set the suite up: the same {@code Suite} as {@code ./crm up}, but with its own
 * home directory, free ports, its own database prefix and its own Kafka broker process, so a run
 * never meets a developer's {@code ./crm up} or another build on the same machine.
 */
public final class SystemUnderTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private SystemUnderTest() {
    }

    public static Path repositoryRoot() {
        return Path.of(System.getProperty("crm.repo", "..")).toAbsolutePath().normalize();
    }

    public static SuiteConfig isolatedConfig(Path home) throws IOException {
        return isolatedConfig(home, builder -> { });
    }

    /** As {@link #isolatedConfig(Path)}, with {@code adjust} given the builder last (the fault suite forces an
     *  embedded PostgreSQL it may restart, for instance). */
    public static SuiteConfig isolatedConfig(Path home, java.util.function.Consumer<SuiteConfig.Builder> adjust)
            throws IOException {
        Path repo = repositoryRoot();
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

        SuiteConfig.Builder builder = new FreePorts().assignTo(SuiteConfig.builder(home, repo))
                .dbPrefix("st_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .externalKafka(null)
                .externalDbUrl(System.getenv("CRM_DB_URL"))
                .readinessTimeout(Duration.ofSeconds(240));
        adjust.accept(builder);
        return builder.build();
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    static int status(int port, String path) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The body of a GET, or an empty string when nothing answers. */
    static String body(int port, String path) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        }
    }

    static boolean open(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
