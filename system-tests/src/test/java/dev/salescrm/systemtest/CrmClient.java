package dev.salescrm.systemtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.launcher.PkceLogin;
import dev.salescrm.launcher.Suite;

/**
 * How the system tests talk to the suite: as the demo users, logged in at the issuer through the
 * code + PKCE flow, through the gateway only — and, to check what happened behind it, with plain
 * SQL on each service's own database.
 */
final class CrmClient {

    record Response(int status, JsonNode body, HttpResponse<String> raw) {

        String text(String pointer) {
            return body.at(pointer).asString();
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Suite suite;
    private final String gateway;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    CrmClient(Suite suite) {
        this.suite = suite;
        this.gateway = "http://127.0.0.1:" + suite.config().port("gateway");
    }

    String token(String user) {
        return tokens.computeIfAbsent(user, name -> PkceLogin.accessToken(suite.config().issuer(), PkceLogin.DEFAULT_CLIENT,
                PkceLogin.DEFAULT_REDIRECT_URI, name, PkceLogin.DEFAULT_DEMO_PASSWORD));
    }

    Response get(String user, String path) {
        return send(user, HttpRequest.newBuilder(URI.create(gateway + path)).GET());
    }

    Response post(String user, String path, Object body) {
        return send(user, HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    /** Sends as the user; a 429 is answered the way a good client does: wait Retry-After, try again (bounded). */
    private Response send(String user, HttpRequest.Builder request) {
        HttpRequest built = request.header("Authorization", "Bearer " + token(user)).timeout(Duration.ofSeconds(30)).build();
        try {
            for (int attempt = 0; ; attempt++) {
                HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 429 && attempt < 20) {
                    long seconds = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
                    Thread.sleep(Duration.ofSeconds(Math.max(1, seconds)).toMillis()); // what Retry-After asks of a client
                    continue;
                }
                JsonNode body = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
                return new Response(response.statusCode(), body, response);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A single number from a service's own database (e.g. a count). */
    long count(String service, String sql, Object... parameters) {
        try (Connection c = suite.currentDatabase().orElseThrow().connect(suite.config().databaseName(service));
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonMapper json() {
        return JSON;
    }
}
