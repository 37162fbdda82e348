package dev.salescrm.platform.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on POST: the same key with the same request gets the first response
 * again, without running the handler twice; the same key with another request is a 422.
 *
 * <p>Everything happens in one database transaction that the handler's own transactions join:
 * a transaction-scoped advisory lock on (scope, key) makes a concurrent duplicate a 409 instead
 * of a second execution; the stored response is inserted in the transaction of the effect, so
 * both commit or neither does. The handler's response is held back until that commit. A 5xx or
 * an error rolls everything back and stores nothing, so the client may retry with the same key.
 *
 * <p>The response body is held in memory: this is for creating POSTs with small answers, not for
 * streams.
 */
public class IdempotencyKeyFilter implements WebFilter, Ordered {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotency-Replayed";
    /** Late: after security (which will sit at -100), so that the scope is the authenticated caller. */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 1000;
    public static final String ANONYMOUS = "anonymous";
    private static final int MAX_KEY_LENGTH = 200;
    private static final int MAX_SCOPE_LENGTH = 200;
    private static final List<String> STORED_HEADERS =
            List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG, HttpHeaders.CONTENT_TYPE);

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyFilter.class);

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final BodySizeLimits limits;
    private final ProblemResponses problems;
    private final JsonMapper json;
    private final List<PathPattern> excluded;

    public IdempotencyKeyFilter(DatabaseClient db, TransactionalOperator transactions, BodySizeLimits limits,
                                ProblemResponses problems, JsonMapper json) {
        this(db, transactions, limits, problems, json, List.of());
    }

    /** @param excludedPaths path patterns whose handlers keep their own idempotency; passed through untouched */
    public IdempotencyKeyFilter(DatabaseClient db, TransactionalOperator transactions, BodySizeLimits limits,
                                ProblemResponses problems, JsonMapper json, List<String> excludedPaths) {
        this.excluded = excludedPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
        this.db = db;
        this.transactions = transactions;
        this.limits = limits;
        this.problems = problems;
        this.json = json;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        List<String> keys = request.getHeaders().get(HEADER);
        if (request.getMethod() != HttpMethod.POST || keys == null || keys.isEmpty() || excluded(request)) {
            return chain.filter(exchange);
        }
        if (keys.size() != 1 || !validKey(keys.getFirst())) {
            return problems.write(exchange, Problem.validation("the Idempotency-Key header is invalid",
                    List.of(new InvalidRequestException.Violation(HEADER,
                            "must be one value of 1 to " + MAX_KEY_LENGTH + " visible ASCII characters"))));
        }
        String key = keys.getFirst();
        long limit = limits.limitFor(request.getPath().pathWithinApplication());
        return DataBufferUtils.join(request.getBody(), (int) Math.min(limit, Integer.MAX_VALUE))
                .map(IdempotencyKeyFilter::bytes)
                .defaultIfEmpty(new byte[0])
                .zipWith(exchange.getPrincipal().map(Principal::getName).defaultIfEmpty(ANONYMOUS))
                .flatMap(t -> handle(exchange, chain, scope(t.getT2()), key, t.getT1()))
                .onErrorResume(DataBufferLimitException.class,
                        e -> problems.write(exchange, ProblemMapper.payloadTooLarge().with("maxBytes", limit)));
    }

    private boolean excluded(ServerHttpRequest request) {
        for (PathPattern pattern : excluded) {
            if (pattern.matches(request.getPath().pathWithinApplication())) {
                return true;
            }
        }
        return false;
    }

    private Mono<Void> handle(ServerWebExchange exchange, WebFilterChain chain, String scope, String key, byte[] body) {
        String hash = requestHash(exchange.getRequest(), body);
        Mono<Outcome> work = db.sql("SELECT pg_try_advisory_xact_lock($1)")
                .bind(0, lockKey(scope, key))
                .map(row -> Boolean.TRUE.equals(row.get(0, Boolean.class)))
                .one()
                .flatMap(locked -> locked
                        ? stored(scope, key).<Outcome>map(s -> s.requestHash().equals(hash) ? s : new Reused())
                                .switchIfEmpty(Mono.defer(() -> execute(exchange, chain, scope, key, hash, body)))
                        : Mono.just(new InFlight()));
        return transactions.transactional(work)
                .onErrorResume(RolledBack.class, e -> Mono.just(e.response))
                .flatMap(outcome -> write(exchange, outcome));
    }

    private Mono<Outcome> execute(ServerWebExchange exchange, WebFilterChain chain,
                                  String scope, String key, String hash, byte[] body) {
        CapturingResponse captured = new CapturingResponse(exchange.getResponse());
        ServerHttpRequest replayable = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
            }
        };
        ServerWebExchange inner = exchange.mutate().request(replayable).response(captured).build();
        return chain.filter(inner).then(Mono.defer(() -> {
            Fresh fresh = new Fresh(captured.status(), captured.body());
            if (fresh.status() >= 500) {
                // Roll the effect back; the key stays free for a retry.
                return Mono.error(new RolledBack(fresh));
            }
            return insert(scope, key, hash, fresh.status(), storedHeaders(exchange.getResponse().getHeaders()), fresh.body())
                    .thenReturn((Outcome) fresh)
                    .onErrorResume(e -> {
                        // The handler left the transaction unusable (e.g. it turned a unique violation
                        // into a 409): roll back and remember nothing. A 4xx is still the true answer;
                        // a success is not, as its effect has just been rolled back.
                        log.warn("could not store the response of Idempotency-Key {}; rolling back", key, e);
                        return Mono.error(new RolledBack(fresh.status() >= 400 ? fresh : new Fresh(500, null)));
                    });
        }));
    }

    private Mono<Void> write(ServerWebExchange exchange, Outcome outcome) {
        ServerHttpResponse response = exchange.getResponse();
        return switch (outcome) {
            case InFlight ignored -> problems.write(exchange, Problem.of(ProblemType.IDEMPOTENCY_KEY_IN_FLIGHT,
                    "a request with this Idempotency-Key is still being processed; retry later").header(HttpHeaders.RETRY_AFTER, "1"));
            case Reused ignored -> problems.write(exchange, Problem.of(ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was used with a different request"));
            case Stored s -> {
                response.setStatusCode(HttpStatusCode.valueOf(s.status()));
                s.headers().forEach((name, value) -> response.getHeaders().set(name, value));
                response.getHeaders().set(REPLAYED, "true");
                yield writeBody(response, s.body());
            }
            case Fresh f -> {
                if (f.status() >= 500 && f.body() == null) {
                    yield problems.write(exchange, ProblemMapper.internal());
                }
                response.setStatusCode(HttpStatusCode.valueOf(f.status()));
                yield writeBody(response, f.body());
            }
        };
    }

    private static Mono<Void> writeBody(ServerHttpResponse response, byte[] body) {
        if (body == null || body.length == 0) {
            return response.setComplete();
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private Mono<Stored> stored(String scope, String key) {
        return db.sql("SELECT request_hash, response_status, response_headers::text AS headers, response_body "
                        + "FROM idempotency_keys WHERE scope = $1 AND idempotency_key = $2")
                .bind(0, scope).bind(1, key)
                .map(row -> {
                    ByteBuffer buffer = row.get("response_body", ByteBuffer.class);
                    byte[] body = null;
                    if (buffer != null) {
                        body = new byte[buffer.remaining()];
                        buffer.get(body);
                    }
                    return new Stored(row.get("request_hash", String.class),
                            row.get("response_status", Integer.class),
                            json.readValue(row.get("headers", String.class), new TypeReference<Map<String, String>>() { }),
                            body);
                })
                .one();
    }

    private Mono<Void> insert(String scope, String key, String hash, int status, Map<String, String> headers, byte[] body) {
        var spec = db.sql("INSERT INTO idempotency_keys (scope, idempotency_key, request_hash, response_status, "
                        + "response_headers, response_body) VALUES ($1, $2, $3, $4, CAST($5 AS jsonb), $6)")
                .bind(0, scope).bind(1, key).bind(2, hash).bind(3, status)
                .bind(4, json.writeValueAsString(headers));
        spec = body == null ? spec.bindNull(5, ByteBuffer.class) : spec.bind(5, ByteBuffer.wrap(body));
        return spec.fetch().rowsUpdated().then();
    }

    private static Map<String, String> storedHeaders(HttpHeaders headers) {
        Map<String, String> stored = new LinkedHashMap<>();
        for (String name : STORED_HEADERS) {
            String value = headers.getFirst(name);
            if (value != null) {
                stored.put(name, value);
            }
        }
        return stored;
    }

    static boolean validKey(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** The caller the key belongs to; an over-long principal name is replaced by its hash. */
    private static String scope(String principal) {
        return principal.length() <= MAX_SCOPE_LENGTH ? principal
                : "sha256:" + HexFormat.of().formatHex(sha256(principal.getBytes(StandardCharsets.UTF_8)));
    }

    static String requestHash(ServerHttpRequest request, byte[] body) {
        MessageDigest digest = digest();
        String query = request.getURI().getRawQuery();
        String head = request.getMethod().name() + "\n" + request.getPath().value() + "\n" + (query == null ? "" : query) + "\n";
        digest.update(head.getBytes(StandardCharsets.UTF_8));
        digest.update(body);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The advisory lock id of (scope, key): the first 64 bits of their SHA-256. */
    static long lockKey(String scope, String key) {
        byte[] hash = sha256((scope + "\u0000" + key).getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(hash).getLong();
    }

    private static byte[] sha256(byte[] input) {
        return digest().digest(input);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private sealed interface Outcome permits InFlight, Reused, Stored, Fresh {
    }

    private record InFlight() implements Outcome {
    }

    private record Reused() implements Outcome {
    }

    private record Stored(String requestHash, int status, Map<String, String> headers, byte[] body) implements Outcome {
    }

    private record Fresh(int status, byte[] body) implements Outcome {
    }

    /** Carries the response of a rolled-back execution out of the transaction. */
    private static final class RolledBack extends RuntimeException {
        private final transient Fresh response;

        RolledBack(Fresh response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    /** Holds the handler's body back until the transaction has committed. */
    private static final class CapturingResponse extends ServerHttpResponseDecorator {

        private volatile byte[] body;

        CapturingResponse(ServerHttpResponse delegate) {
            super(delegate);
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> publisher) {
            return DataBufferUtils.join(Flux.from(publisher))
                    .doOnNext(buffer -> body = bytes(buffer))
                    .then();
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> publisher) {
            return writeWith(Flux.from(publisher).concatMap(Flux::from));
        }

        @Override
        public Mono<Void> setComplete() {
            return Mono.empty();
        }

        @Override
        public boolean isCommitted() {
            return false;
        }

        int status() {
            HttpStatusCode code = getStatusCode();
            return code == null ? 200 : code.value();
        }

        byte[] body() {
            return body;
        }
    }
}
