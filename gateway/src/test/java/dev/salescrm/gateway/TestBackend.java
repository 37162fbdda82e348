package dev.salescrm.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Stands in for the five services and the token issuer: one Reactor Netty server on a free port,
 * started once per test JVM. Each path behaves as a test needs it to; every hit is counted per
 * "METHOD path", and the Authorization header a request carried is kept per path.
 * <ul>
 *   <li>{@code /oauth2/jwks} — the test key set ({@link TestTokens})</li>
 *   <li>{@code /v3/api-docs} — a stub OpenAPI document</li>
 *   <li>{@code .../flaky} — always 502</li>
 *   <li>{@code .../slow} — answers after 30 s (far past any time limit in the tests)</li>
 *   <li>{@code .../drop-first...} — the first attempt (per {@code Idempotency-Key}, else per path) has its
 *       connection closed without an answer; later ones get 201</li>
 *   <li>{@code .../moderate} — answers after 1.2 s (inside the tests' 3 s limit, past resilience4j's 1 s default)</li>
 *   <li>anything else — 200 (201 for POST) JSON echo after reading the whole body</li>
 * </ul>
 * billing-service points at a port where nothing listens: "the service is down".
 */
public final class TestBackend {

    private static final TestBackend INSTANCE = new TestBackend();

    private final DisposableServer server;
    private final int downPort;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, String> authorization = new ConcurrentHashMap<>();
    private final java.util.Set<String> dropped = ConcurrentHashMap.newKeySet();

    private TestBackend() {
        this.server = HttpServer.create().host("127.0.0.1").port(0).handle(this::handle).bindNow();
        this.downPort = freePort();
        Runtime.getRuntime().addShutdownHook(new Thread(server::disposeNow));
    }

    public static TestBackend get() {
        return INSTANCE;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public String issuer() {
        return baseUrl();
    }

    public void register(DynamicPropertyRegistry registry) {
        registry.add("crm.services.lead", this::baseUrl);
        registry.add("crm.services.account", this::baseUrl);
        registry.add("crm.services.opportunity", this::baseUrl);
        registry.add("crm.services.catalog", this::baseUrl);
        registry.add("crm.services.billing", () -> "http://127.0.0.1:" + downPort);
        registry.add("crm.security.issuer", this::issuer);
        // jwk-set-uri left unset: the production default <issuer>/oauth2/jwks is what is exercised
    }

    /** A URL where nothing listens. */
    public String downUrl(String path) {
        return "http://127.0.0.1:" + downPort + path;
    }

    public int hits(String method, String path) {
        AtomicInteger count = hits.get(method + " " + path);
        return count == null ? 0 : count.get();
    }

    public String authorizationSeenAt(String path) {
        return authorization.get(path);
    }

    private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        String path = request.fullPath();
        hits.computeIfAbsent(request.method().name() + " " + path, k -> new AtomicInteger()).incrementAndGet();
        String auth = request.requestHeaders().get("Authorization");
        if (auth != null) {
            authorization.put(path, auth);
        }
        if (path.equals("/oauth2/jwks")) {
            return json(response, 200, TestTokens.jwks());
        }
        if (path.equals("/v3/api-docs")) {
            return json(response, 200, "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"stub service\",\"version\":\"1\"},\"paths\":{}}");
        }
        if (path.endsWith("/flaky")) {
            return request.receive().then(json(response, 502, "{\"upstream\":\"broken\"}"));
        }
        if (path.endsWith("/slow")) {
            return Mono.delay(Duration.ofSeconds(30)).then(json(response, 200, "{\"late\":true}"));
        }
        if (path.contains("/drop-first")) {
            // The first attempt (per Idempotency-Key, else per path) loses its connection before any answer.
            String attempt = request.requestHeaders().get("Idempotency-Key", "unkeyed " + path);
            if (dropped.add(attempt)) {
                return request.receive().then()
                        .then(Mono.fromRunnable(() -> response.withConnection(c -> c.channel().close())));
            }
            return request.receive().then(json(response, 201, "{\"second\":true}"));
        }
        if (path.endsWith("/moderate")) {
            return Mono.delay(Duration.ofMillis(1200)).then(json(response, 200, "{\"moderate\":true}"));
        }
        return request.receive().aggregate().asString().defaultIfEmpty("").flatMap(body -> json(response,
                request.method().name().equals("POST") ? 201 : 200,
                "{\"path\":\"" + path + "\",\"bodyLength\":" + body.length() + "}"));
    }

    private static Mono<Void> json(HttpServerResponse response, int status, String body) {
        return response.status(status).header("Content-Type", "application/json").sendString(Mono.just(body)).then();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
