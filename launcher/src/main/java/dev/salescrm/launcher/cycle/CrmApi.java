package dev.salescrm.launcher.cycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.launcher.PkceLogin;
import dev.salescrm.launcher.SuiteConfig;

/**
 * The CRM's public API as its users meet it: through the gateway only, as the demo users, each logged in at
 * the issuer through the real authorization code + PKCE flow. Used by {@code ./crm demo} and by the system
 * tests, so both drive the suite the same way.
 */
public final class CrmApi {

    /** One answer of the API; {@code raw} keeps the request (method, path) for messages. */
    public record Reply(int status, JsonNode body, HttpResponse<String> raw) {

        /** The text at a JSON pointer ({@code "/conversion/status"}), or null when absent or null. */
        public String text(String pointer) {
            JsonNode node = body.at(pointer);
            return node.isMissingNode() || node.isNull() ? null : node.asString();
        }

        public String id() {
            return text("/id");
        }

        /** This reply if its status is the one expected, else an {@link UnexpectedReply} saying what came back. */
        public Reply expect(int expected) {
            if (status != expected) {
                throw new UnexpectedReply("expected " + expected + ", got " + describe());
            }
            return this;
        }

        /** {@code POST /api/leads → 201 {"id":…}}, the body cut short. */
        public String describe() {
            String text = raw.body() == null ? "" : raw.body();
            return raw.request().method() + " " + raw.request().uri().getRawPath() + " → " + status + " "
                    + (text.length() > 1500 ? text.substring(0, 1500) + "…" : text);
        }
    }

    /** An answer other than the one a step needs. */
    public static final class UnexpectedReply extends RuntimeException {
        public UnexpectedReply(String message) {
            super(message);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String gateway;
    private final String issuer;
    private final String password;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    /**
     * @param gateway  e.g. {@code http://127.0.0.1:8080}
     * @param issuer   the identity issuer the users log in at
     * @param password the demo users' password
     */
    public CrmApi(String gateway, String issuer, String password) {
        this.gateway = gateway;
        this.issuer = issuer;
        this.password = password;
    }

    /** The gateway and issuer of a suite, with the demo password. */
    public static CrmApi of(SuiteConfig config, String password) {
        return new CrmApi("http://127.0.0.1:" + config.port(SuiteConfig.GATEWAY), config.issuer(), password);
    }

    public String gateway() {
        return gateway;
    }

    /** The user's access token (logged in once, again when the gateway says it expired). */
    public String token(String user) {
        return tokens.computeIfAbsent(user, name -> PkceLogin.accessToken(issuer, PkceLogin.DEFAULT_CLIENT,
                PkceLogin.DEFAULT_REDIRECT_URI, name, password));
    }

    public Reply get(String user, String path) {
        return send(user, HttpRequest.newBuilder(URI.create(gateway + path)).GET());
    }

    /** A POST with a JSON body, or with none when {@code body} is null. */
    public Reply post(String user, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path));
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return send(user, request);
    }

    /** A JSON merge patch. */
    public Reply patch(String user, String path, Object body) {
        return send(user, HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    /**
     * Sends as the user. A 429 is answered the way a good client does: wait Retry-After, try again (bounded);
     * a 401 once means the token expired (they live 15 minutes): log in again.
     */
    private Reply send(String user, HttpRequest.Builder request) {
        request.timeout(Duration.ofSeconds(30));
        boolean loggedInAgain = false;
        try {
            for (int attempt = 0; ; attempt++) {
                HttpRequest built = request.setHeader("Authorization", "Bearer " + token(user)).build();
                HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 429 && attempt < 20) {
                    long seconds = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
                    Thread.sleep(Duration.ofSeconds(Math.max(1, seconds)).toMillis()); // what Retry-After asks of a client
                    continue;
                }
                if (response.statusCode() == 401 && !loggedInAgain) {
                    loggedInAgain = true;
                    tokens.remove(user);
                    continue;
                }
                return new Reply(response.statusCode(), parse(response.body()), response);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The body as JSON; a body that is not JSON (it should always be) as a text node, so messages can show it. */
    private static JsonNode parse(String body) {
        if (body.isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(body);
        } catch (tools.jackson.core.JacksonException e) {
            return JSON.getNodeFactory().stringNode(body);
        }
    }

    public static JsonMapper json() {
        return JSON;
    }
}
