package dev.salescrm.bench.simulation;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.http.HttpDsl.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * What the runner (dev.salescrm.bench.Bench) tells a simulation, as system properties of the Gatling JVM:
 * <ul>
 *   <li>{@code bench.target}: base URL (the gateway, lead-service directly, or nginx);</li>
 *   <li>{@code bench.token}: a bearer token of a demo user;</li>
 *   <li>{@code bench.model}: {@code saturate} ({@code bench.users} virtual users, each sending its next request as
 *       soon as the previous answered, over one keep-alive connection: the closed model that finds the ceiling) or
 *       {@code rate} ({@code bench.rate} new requests per second whatever the answers, sharing a connection pool:
 *       the open model for latency at a given load);</li>
 *   <li>{@code bench.seconds}: how long;</li>
 *   <li>{@code bench.ids}: a file with one id (or other value) a line, for the feeders.</li>
 * </ul>
 */
final class Knobs {

    final String target = required("bench.target");
    final String token = required("bench.token");
    final String model = System.getProperty("bench.model", "saturate");
    final int users = Integer.getInteger("bench.users", 16);
    final double rate = Double.parseDouble(System.getProperty("bench.rate", "50"));
    final Duration duration = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (the bench runner sets it)");
        }
        return value;
    }

    boolean saturate() {
        return "saturate".equals(model);
    }

    HttpProtocolBuilder protocol() {
        HttpProtocolBuilder protocol = http.baseUrl(target)
                .authorizationHeader("Bearer " + token)
                .acceptHeader("application/json")
                .userAgentHeader("crm-bench")
                // Every request a full read: Gatling would otherwise keep each user's ETags and send
                // If-None-Match, and the services answer a repeated read with 304 (cheaper, not what we measure).
                .disableCaching();
        // Open model: one pool for all (short-lived) virtual users, so every request does not pay a TCP connect.
        return saturate() ? protocol : protocol.shareConnections();
    }

    /** The chain repeated for the whole duration by each user (saturate), or once by each arriving user (rate). */
    ChainBuilder body(ChainBuilder request) {
        return saturate() ? CoreDsl.during(duration).on(request) : request;
    }

    PopulationBuilder population(io.gatling.javaapi.core.ScenarioBuilder scenario) {
        return saturate()
                ? scenario.injectOpen(atOnceUsers(users))
                : scenario.injectOpen(constantUsersPerSec(rate).during(duration));
    }

    static List<String> lines(String property) {
        try {
            return Files.readAllLines(Path.of(required(property))).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Map<String, Object>> records(String property, String key) {
        return lines(property).stream().map(v -> Map.<String, Object>of(key, v)).toList();
    }
}
