package dev.salescrm.systemtest.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;

import tools.jackson.databind.JsonNode;

import dev.salescrm.launcher.PkceLogin;
import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.SuiteConfig;
import dev.salescrm.launcher.cycle.CrmApi;

/**
 * The API as the R5–R8 fault scenarios need it: unlike {@link CrmApi}, which behaves like a good client
 * (it waits out a 429 and logs in again on a 401), this client sends exactly one request and reports exactly
 * what came back — status, headers, raw bytes, how long it took — or that nothing came back at all (status
 * -1). Bodies are raw bytes, so a scenario can send what no JSON library would write (invalid UTF-8, broken
 * JSON). Tokens come from the real issuer through {@link CrmApi}. Behind the API, plain SQL on each service's
 * own database counts what really exists.
 */
final class RawApi {

    /** One exchange. {@code status} is -1 when the request failed without an answer (timeout, reset). */
    record Answer(int status, String contentType, Optional<String> retryAfter, byte[] body, long nanos,
                  String failure) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return CrmApi.json().readTree(body);
        }

        boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        String describe() {
            String text = text();
            return status + " " + contentType + " " + (text.length() > 400 ? text.substring(0, 400) + "…" : text)
                    + (failure == null ? "" : " (" + failure + ")");
        }
    }

    /** What to send; {@code body} null means none. */
    record Call(String user, String method, String path, Map<String, String> headers, byte[] body) {

        static Call json(String user, String method, String path, String body) {
            return new Call(user, method, path, Map.of("Content-Type", "application/json"),
                    body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The demo users (identity's application.yml), one rate-limit bucket each at the gateway. */
    static final List<String> USERS = List.of("alice", "bob", "maryam", "mona", "bill", "cathy", "admin");

    private final Suite suite;
    private final CrmApi api;
    private final String gateway;
    // Virtual threads: the scenarios run hundreds of requests at once, each blocking in send().
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    RawApi(Suite suite) {
        this.suite = suite;
        this.api = CrmApi.of(suite.config(), PkceLogin.DEFAULT_DEMO_PASSWORD);
        this.gateway = "http://127.0.0.1:" + suite.config().port(SuiteConfig.GATEWAY);
    }

    /** The well-behaved client, for setting things up. */
    CrmApi api() {
        return api;
    }

    String token(String user) {
        return api.token(user);
    }

    Answer send(Call call) {
        return send(call, Duration.ofSeconds(30));
    }

    /** Sends once; a timeout is reported as status -1 — the client has given up on the answer. */
    Answer send(Call call, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + call.path())).timeout(timeout);
        if (call.user() != null) {
            request.header("Authorization", "Bearer " + token(call.user()));
        }
        call.headers().forEach(request::header);
        request.method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        long started = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Retry-After"), response.body(), System.nanoTime() - started, null);
        } catch (IOException e) {
            return new Answer(-1, null, Optional.empty(), new byte[0], System.nanoTime() - started, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * A client whose timeout fires: the whole request is written on a connection of its own, then after
     * {@code afterMillis} the client closes the connection without having read a byte of the answer. The gateway
     * and the service learn it only from the closed connection, as they would in production.
     */
    void abandon(Call call, long afterMillis) {
        StringBuilder head = new StringBuilder(call.method()).append(' ').append(call.path()).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(suite.config().port(SuiteConfig.GATEWAY)).append("\r\n")
                .append("Authorization: Bearer ").append(token(call.user())).append("\r\n");
        call.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        byte[] body = call.body() == null ? new byte[0] : call.body();
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", suite.config().port(SuiteConfig.GATEWAY))) {
            socket.setSoLinger(true, 0); // close with a reset, as a client process that gave up and exited
            var out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            if (afterMillis > 0) {
                Thread.sleep(afterMillis);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // --------------------------------------------------------------------------------- the databases

    Connection connect(String service) throws SQLException {
        return suite.currentDatabase().orElseThrow().connect(suite.config().databaseName(service));
    }

    /** A single number from a service's own database (e.g. a count). */
    long count(String service, String sql, Object... parameters) {
        try (Connection c = connect(service); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The strings of a one-column query. */
    List<String> strings(String service, String sql, Object... parameters) {
        try (Connection c = connect(service); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Rows of every table of every service ("lead-service.outbox" → 12), and the sum of every row's
     * version-like column where it has one, so an update in place shows too ("lead-service.lead#version").
     */
    Map<String, Long> snapshot() {
        Map<String, Long> counts = new TreeMap<>();
        for (String service : SuiteConfig.SERVICES) {
            for (String table : strings(service, "SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name")) {
                counts.put(service + "." + table, count(service, "SELECT count(*) FROM \"" + table + "\""));
                boolean versioned = count(service, "SELECT count(*) FROM information_schema.columns WHERE "
                        + "table_schema = 'public' AND table_name = ? AND column_name = 'version' AND data_type IN ('bigint', 'integer')", table) == 1;
                if (versioned) {
                    counts.put(service + "." + table + "#version",
                            count(service, "SELECT coalesce(sum(version), 0) FROM \"" + table + "\""));
                }
            }
        }
        return counts;
    }

    /** Waits, as the scenarios' clients do between attempts; an interrupt ends the scenario. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
