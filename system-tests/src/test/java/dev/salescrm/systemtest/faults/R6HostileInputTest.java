package dev.salescrm.systemtest.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.SuiteConfig;
import dev.salescrm.launcher.cycle.CrmApi;
import dev.salescrm.launcher.cycle.SalesCycle;
import dev.salescrm.systemtest.faults.RawApi.Answer;
import dev.salescrm.systemtest.faults.RawApi.Call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * R6, hostile input (issue #14): at least 10,000 malformed requests, spread over every operation the services
 * publish in their OpenAPI documents and sent through the gateway as the demo users. Each answer must be below
 * 500, every 4xx a problem+json, and nothing may change: the rows (and the sum of row versions) of every table
 * of every service's database, outbox included, are the same before and after.
 *
 * <p>The generator is seeded, so a failure can be replayed request for request. Malformed values go where
 * they make the request invalid (an injection string as an id, an enum value or a currency, never as a
 * free-text name that would be a valid lead): the point is that invalid input is refused cleanly, and a
 * request that is valid is not hostile input. Requests are paced per user under the gateway's rate limit
 * (50/s, burst 100); a 429 that comes anyway is checked like any answer and the request is sent again.
 */
@Tag("faults")
@ExtendWith(FaultSuite.class)
class R6HostileInputTest {

    static final int REQUESTS = Integer.getInteger("r6.requests", 10_000);
    /** The fuzzing stops here even if requests are left, and the scenario fails saying how far it got. */
    static final Duration BUDGET = Duration.ofMinutes(5);
    static final long SEED = 14_06L;
    static final int WORKERS = 24;
    /** Per user, under the gateway's 50/s. */
    static final int PER_USER_PER_SECOND = 40;

    /** What is wrong with a request. */
    enum Kind {
        BROKEN_JSON, WRONG_TYPES, HUGE_STRINGS, HUGE_NUMBERS, NEGATIVE_MONEY, ABSURD_MONEY, UNKNOWN_ENUM,
        INJECTION, INVALID_UTF8, DEEP_NESTING, OVERSIZED_BODY, BAD_IDS, BAD_PAGING, WRONG_CONTENT_TYPE,
        NOT_AN_OBJECT, UNKNOWN_FIELDS, NUL_IN_TEXT
    }

    /** One operation of one service's OpenAPI document. {@code body} is the resolved request schema, or null. */
    record Operation(String service, String method, String path, List<JsonNode> parameters, JsonNode body,
                     String contentType, boolean createsWith201) {
        boolean hasBody() {
            return body != null || contentType != null;
        }
    }

    static final List<String> INJECTIONS = List.of("' OR '1'='1", "'; DROP TABLE lead; --", "\" OR 1=1 --",
            "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1:1/x}", "{{7*7}}", "../../../../etc/passwd",
            "%00", "\u0000", "$(reboot)", "admin'--", "1; SELECT pg_sleep(10)", "\uD83D\uDE00\u202E\u200F");

    private final Map<String, List<String>> realIds = new ConcurrentHashMap<>();

    @Test
    @Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES)
    void tenThousandMalformedRequestsAreRefusedCleanlyAndChangeNothing(Suite suite) throws Exception {
        RawApi raw = new RawApi(suite);
        List<Operation> operations = operations(raw);
        assertThat(operations).as("operations in the services' OpenAPI documents").hasSizeGreaterThan(40);
        seedRealObjects(raw);

        // Nothing else may be moving while we compare: wait until two snapshots a few seconds apart agree.
        Map<String, Long> before = stableSnapshot(suite, raw);

        Random random = new Random(SEED);
        List<Call> calls = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        Map<Kind, Integer> mix = new EnumMap<>(Kind.class);
        for (int i = 0; i < REQUESTS; i++) {
            Operation op = operations.get(i % operations.size());
            Kind kind = kindFor(op, random);
            mix.merge(kind, 1, Integer::sum);
            kinds.add(kind);
            calls.add(malformed(op, kind, userFor(op, random), random));
        }
        Map<Kind, AtomicLong> slowest = new ConcurrentHashMap<>();
        LongAdder sent = new LongAdder();
        long deadline = System.nanoTime() + BUDGET.toNanos();

        Map<String, Long> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        LongAdder fiveHundreds = new LongAdder();
        LongAdder notProblem = new LongAdder();
        LongAdder tooMany = new LongAdder();
        LongAdder accepted = new LongAdder();
        Map<String, AtomicLong> nextSlot = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                Call call = calls.get(i);
                int index = i;
                done.add(pool.submit(() -> {
                    for (int attempt = 0; attempt < 10 && System.nanoTime() < deadline; attempt++) {
                        pace(nextSlot, call.user());
                        Answer answer = raw.send(call, Duration.ofSeconds(15));
                        sent.increment();
                        if (sent.sum() % 1000 == 0) {
                            System.out.printf("R6: %d answers after %d s%n", sent.sum(), (System.nanoTime() - started) / 1_000_000_000L);
                        }
                        slowest.computeIfAbsent(kinds.get(index), k -> new AtomicLong()).accumulateAndGet(answer.nanos() / 1_000_000, Math::max);
                        statuses.merge(answer.status() + "", 1L, Long::sum);
                        String what = "#" + index + " " + kinds.get(index) + " " + call.method() + " " + shorten(call.path()) + " as "
                                + call.user() + " → " + answer.describe();
                        if (answer.status() < 0 || answer.status() >= 500) {
                            fiveHundreds.increment();
                            failures.add(what);
                            return;
                        }
                        if (answer.status() >= 400 && !answer.isProblem()) {
                            notProblem.increment();
                            failures.add("not problem+json: " + what);
                            return;
                        }
                        if (answer.status() == 429) {
                            tooMany.increment();
                            RawApi.pause(1000L * Long.parseLong(answer.retryAfter().orElse("1")));
                            continue;
                        }
                        // POST …/match is a question (duplicate check), not a write: a 2xx there changes nothing
                        // (and the table comparison would show it if it did).
                        if (answer.status() < 300 && !call.method().equals("GET") && !call.path().contains("/match")) {
                            accepted.increment();
                            failures.add("accepted: " + what);
                        }
                        return;
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000L);

        Map<String, Long> after = stableSnapshot(suite, raw);
        Map<String, String> changed = new TreeMap<>();
        before.forEach((table, rows) -> {
            if (!rows.equals(after.get(table))) {
                changed.put(table, rows + " → " + after.get(table));
            }
        });
        after.keySet().stream().filter(t -> !before.containsKey(t)).forEach(t -> changed.put(t, "new: " + after.get(t)));

        System.out.printf("R6: %d malformed requests over %d operations in %d s (%d/s), seed %d%n  mix: %s%n"
                        + "  statuses: %s%n  429s re-sent: %d; tables compared: %d; changed: %s%n",
                REQUESTS, operations.size(), seconds, REQUESTS / seconds, SEED, mix, new TreeMap<>(statuses),
                tooMany.sum(), before.size(), changed);
        System.out.println("  slowest answer per kind (ms): " + new TreeMap<>(slowest));
        failures.stream().limit(40).forEach(f -> System.out.println("  R6 " + f));
        if (changed.keySet().stream().anyMatch(t -> t.contains("idempotency_keys"))) {
            for (String service : SuiteConfig.SERVICES) {
                System.out.println("  R6 idempotency keys stored by " + service + ": " + raw.strings(service,
                        "SELECT idempotency_key || ' ' || scope || ' ' || response_status FROM idempotency_keys LIMIT 10"));
            }
        }

        FaultReport.record(new FaultReport.Row("R6 hostile input: malformed requests on every operation",
                REQUESTS + " requests, " + operations.size() + " operations, " + mix.size() + " kinds, " + seconds + " s",
                0, changed.size() + accepted.sum(), fiveHundreds.sum(),
                "non-problem 4xx " + notProblem.sum() + ", tables changed " + changed.size() + " of " + before.size()
                        + ", 429 re-sent " + tooMany.sum()));

        assertThat(sent.sum()).as("requests answered within the budget").isGreaterThanOrEqualTo(REQUESTS);
        assertThat(failures).as("5xx, unanswered, non-problem 4xx or accepted malformed requests").isEmpty();
        assertThat(changed).as("tables whose rows changed").isEmpty();
    }

    // ------------------------------------------------------------------------------------ operations

    /** Every operation of the five services' OpenAPI documents, as the gateway serves them. */
    static List<Operation> operations(RawApi raw) {
        List<Operation> operations = new ArrayList<>();
        for (String service : SuiteConfig.SERVICES) {
            // springdoc builds a document on its first request, which on a loaded machine can outlast the
            // gateway's time limit: ask until it is there (this is set-up, not a scenario).
            Call docs = new Call("admin", "GET", "/v3/api-docs/" + service, Map.of(), null);
            JsonNode root = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> raw.send(docs), answer -> answer.status() == 200).json();
            for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
                for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                    JsonNode op = method.getValue();
                    List<JsonNode> parameters = new ArrayList<>();
                    op.path("parameters").forEach(parameters::add);
                    JsonNode body = null;
                    String contentType = null;
                    for (Map.Entry<String, JsonNode> content : op.path("requestBody").path("content").properties()) {
                        contentType = content.getKey();
                        body = resolve(root, content.getValue().path("schema"));
                        if (contentType.contains("json")) {
                            break;
                        }
                    }
                    operations.add(new Operation(service, method.getKey().toUpperCase(java.util.Locale.ROOT),
                            path.getKey(), parameters, body, contentType, op.path("responses").has("201")));
                }
            }
        }
        return operations;
    }

    static JsonNode resolve(JsonNode root, JsonNode schema) {
        for (int depth = 0; depth < 10 && schema.has("$ref"); depth++) {
            String ref = schema.get("$ref").asString();
            schema = root.at(ref.substring(1));
        }
        return schema;
    }

    private static Kind kindFor(Operation op, Random random) {
        Kind[] withBody = Kind.values();
        Kind[] withoutBody = {Kind.BAD_IDS, Kind.BAD_PAGING, Kind.INJECTION, Kind.HUGE_NUMBERS, Kind.UNKNOWN_ENUM,
                Kind.INVALID_UTF8};
        if (op.hasBody()) {
            return withBody[random.nextInt(withBody.length)];
        }
        return withoutBody[random.nextInt(withoutBody.length)];
    }

    /** Mostly a user whose role may use the service, so the request meets the validation; sometimes anyone. */
    private static String userFor(Operation op, Random random) {
        if (random.nextInt(4) == 0) {
            return RawApi.USERS.get(random.nextInt(RawApi.USERS.size()));
        }
        List<String> entitled = switch (op.service()) {
            case "lead-service" -> List.of("alice", "bob", "maryam", "mona", "admin");
            case "catalog-service" -> List.of("cathy", "admin");
            case "billing-service" -> List.of("bill", "admin");
            default -> List.of("alice", "bob", "maryam", "admin");
        };
        return entitled.get(random.nextInt(entitled.size()));
    }

    // ------------------------------------------------------------------------------------ the requests

    private Call malformed(Operation op, Kind kind, String user, Random random) {
        Map<String, String> headers = new LinkedHashMap<>();
        String path = path(op, kind, random);
        byte[] body = null;
        if (op.hasBody() || kind == Kind.OVERSIZED_BODY) {
            headers.put("Content-Type", op.contentType() != null && !op.contentType().contains("csv")
                    ? op.contentType() : "application/json");
            body = switch (kind) {
                case BROKEN_JSON -> utf8(pick(random, "{", "[", "{\"name\": \"x\"", "{\"name\": }", "{'name': 'x'}",
                        "{\"a\": 1,}", "NaN", "{\"a\" 1}", "}{", "{\"a\": tru}", "\"unterminated"));
                case WRONG_TYPES -> utf8(wrongTypes(op.body(), random));
                case HUGE_STRINGS -> utf8(objectOf(op.body(), field -> stringValue(field, random)
                        ? quote("x".repeat(20_000 + random.nextInt(40_000))) : null, "{\"name\": " + quote("ن".repeat(300_000)) + "}"));
                case HUGE_NUMBERS -> utf8(objectOf(op.body(), field -> hugeNumber(random), "{\"quantity\": 1e999999999}"));
                case NEGATIVE_MONEY -> utf8(objectOf(op.body(), field -> isMoney(field)
                        ? "{\"amount\": \"-" + (1 + random.nextInt(1_000_000)) + ".00\", \"currency\": \"IRR\"}"
                        : isNumber(field) ? "-" + random.nextInt(1_000_000) : null,
                        "{\"amount\": {\"amount\": \"-1.00\", \"currency\": \"EUR\"}}"));
                case ABSURD_MONEY -> utf8(objectOf(op.body(), field -> isMoney(field) ? absurdMoney(random)
                        : isNumber(field) ? pick(random, "\"Infinity\"", "\"NaN\"", "1e400", "-0.0000000000000000001")
                        : null, "{\"amount\": " + absurdMoney(random) + "}"));
                case UNKNOWN_ENUM -> utf8(objectOf(op.body(), field -> field.has("enum") || isEnumLike(field)
                        ? quote(pick(random, "NOT_A_VALUE", "", "open", "WON ", "ÖPEN", "null"))
                        : null, "{\"status\": \"NOT_A_VALUE\"}"));
                case INJECTION -> utf8(objectOf(op.body(), field -> typed(field)
                        ? quote(INJECTIONS.get(random.nextInt(INJECTIONS.size()))) : null,
                        "{\"id\": " + quote(INJECTIONS.get(random.nextInt(INJECTIONS.size()))) + "}"));
                case INVALID_UTF8 -> invalidUtf8(op.body(), random);
                case DEEP_NESTING -> utf8(deep(random));
                case OVERSIZED_BODY -> oversized(random);
                case WRONG_CONTENT_TYPE -> {
                    headers.put("Content-Type", pick(random, "text/plain", "application/xml", "application/x-www-form-urlencoded",
                            "multipart/form-data; boundary=x", "application/json; charset=ebcdic", "*/*"));
                    yield utf8(pick(random, "name=x", "<lead><name>x</name></lead>", "{\"name\": \"x\"}", "--x--"));
                }
                // PostgreSQL text cannot hold NUL: every text field carries one (the JSON escape of U+0000).
                case NUL_IN_TEXT -> utf8(objectOf(op.body(), field -> "string".equals(field.path("type").asString())
                        ? quote("Omid\u0000" + random.nextInt(1000)) : null, "{\"name\": " + quote("a\u0000b") + "}"));
                case NOT_AN_OBJECT -> utf8(pick(random, "null", "[]", "[{}]", "42", "\"text\"", "true", ""));
                case UNKNOWN_FIELDS -> utf8("{\"id\": \"" + UUID.randomUUID() + "\", \"version\": 99, \"createdBy\": "
                        + "\"admin\", \"status\": \"WON\", \"__proto__\": {\"admin\": true}, \"" + "x".repeat(random.nextInt(40) + 1)
                        + "\": 1}");
                case BAD_IDS, BAD_PAGING -> utf8("{\"" + pick(random, "accountId", "leadId", "productId", "orderId")
                        + "\": " + quote(badId(random)) + "}");
            };
        }
        if (op.hasBody() && random.nextInt(10) == 0) {
            // An invalid Idempotency-Key is refused before anything runs (a valid one would store the 4xx, which
            // is the API's promise for a key, not a change R6 may count). Only keys that are invalid on the wire:
            // the HTTP client sends "ä" as "?", a valid key (an earlier run stored such 4xx answers).
            headers.put("Idempotency-Key", pick(random, " ", "a\tb", "x".repeat(201), "a b"));
        }
        return new Call(user, op.method(), path, headers, body);
    }

    /** The path with its parameters filled: a real object's id, a valid unknown id, or something that is no id. */
    private String path(Operation op, Kind kind, Random random) {
        StringBuilder query = new StringBuilder();
        String path = op.path();
        boolean first = true;
        for (String segment : path.split("/")) {
            if (segment.startsWith("{")) {
                String value = switch (kind) {
                    case BAD_IDS -> badId(random);
                    case INJECTION -> INJECTIONS.get(random.nextInt(INJECTIONS.size()));
                    case HUGE_NUMBERS -> "9".repeat(400);
                    // A real object only where the request stays invalid: a bodyless POST or DELETE on a real
                    // object (activate, submit, …) is a valid request, not hostile input.
                    default -> first && random.nextInt(3) > 0 && (op.method().equals("GET") || op.hasBody())
                            ? realId(op.path(), random) : UUID.randomUUID().toString();
                };
                path = path.replace(segment, encode(value));
                first = false;
            }
        }
        for (JsonNode parameter : op.parameters()) {
            if (!"query".equals(parameter.path("in").asString()) || random.nextBoolean()) {
                continue;
            }
            String name = parameter.path("name").asString();
            String value = switch (kind) {
                case INJECTION -> INJECTIONS.get(random.nextInt(INJECTIONS.size()));
                case HUGE_NUMBERS -> pick(random, "9".repeat(400), "-1e999999999", "1e400");
                case UNKNOWN_ENUM -> pick(random, "NOT_A_VALUE", "", "open");
                case INVALID_UTF8 -> "%C3%28%FF%FE";
                default -> badId(random);
            };
            query.append(query.isEmpty() ? "?" : "&").append(encode(name)).append('=')
                    .append(kind == Kind.INVALID_UTF8 ? value : encode(value));
        }
        if (kind == Kind.BAD_PAGING && op.method().equals("GET")) {
            query.append(query.isEmpty() ? "?" : "&").append(pick(random, "limit=-1", "limit=0", "limit=201",
                    "limit=abc", "limit=99999999999999999999", "cursor=" + encode(badId(random)),
                    "cursor=eyJpZCI6IngiLCJ0IjoieSJ9", "cursor=%FF%FE", "cursor=" + "A".repeat(3000),
                    "limit=10&limit=20", "createdFrom=yesterday", "createdFrom=2026-13-45T99:00:00Z", "from=2026-02-30"));
        }
        // Netty refuses a request line over 4 KiB with a bare 414 before any HTTP handling (see
        // docs/reliability.md); the request line stays under it, the body is where the huge values go.
        String target = path + query;
        return target.length() > 3_800 ? path.substring(0, Math.min(path.length(), 3_800)) : target;
    }

    private String realId(String path, Random random) {
        String resource = path.split("/")[2];
        List<String> ids = realIds.getOrDefault(resource, List.of());
        return ids.isEmpty() ? UUID.randomUUID().toString() : ids.get(random.nextInt(ids.size()));
    }

    private static String badId(Random random) {
        return pick(random, "not-a-uuid", "-1", "0", "00000000-0000-0000-0000-00000000000g", "null", "undefined",
                "9223372036854775808", "ZZZZ" + UUID.randomUUID(), UUID.randomUUID() + "/../x", "x".repeat(1000),
                "%", "..", "~", "\uD83D\uDE00", "٠١٢٣", "{id}");
    }

    private static String wrongTypes(JsonNode schema, Random random) {
        return objectOf(schema, field -> {
            String type = field.path("type").asString("");
            return switch (type) {
                case "string" -> pick(random, "12345", "{}", "[1,2]", "true", "1.5");
                case "integer", "number" -> pick(random, "\"abc\"", "{}", "[]", "true", "\"1,5\"");
                case "boolean" -> pick(random, "\"yes\"", "1", "{}", "\"TRUE \"");
                case "array" -> pick(random, "5", "\"a\"", "{}", "[[[[]]]]");
                default -> pick(random, "\"text\"", "17", "[]", "false");
            };
        }, "{\"name\": 42, \"accountId\": true}");
    }

    /** A JSON object with one value per schema property (null from {@code value}: left out), or the fallback. */
    private static String objectOf(JsonNode schema, java.util.function.Function<JsonNode, String> value, String fallback) {
        if (schema == null || !schema.has("properties")) {
            return fallback;
        }
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, JsonNode> property : schema.get("properties").properties()) {
            String v = value.apply(property.getValue());
            if (v != null) {
                json.append(json.length() > 1 ? ", " : "").append(quote(property.getKey())).append(": ").append(v);
            }
        }
        return json.length() > 1 ? json.append('}').toString() : fallback;
    }

    private static boolean stringValue(JsonNode field, Random random) {
        return "string".equals(field.path("type").asString()) || random.nextInt(5) == 0;
    }

    private static boolean isNumber(JsonNode field) {
        String type = field.path("type").asString("");
        return type.equals("number") || type.equals("integer");
    }

    private static boolean isMoney(JsonNode field) {
        return field.has("$ref") && field.get("$ref").asString().endsWith("/Money")
                || field.path("properties").has("amount") && field.path("properties").has("currency");
    }

    private static boolean isEnumLike(JsonNode field) {
        return field.has("$ref");
    }

    /** A field whose type makes free text invalid (ids, dates, numbers, enums, money). */
    private static boolean typed(JsonNode field) {
        String format = field.path("format").asString("");
        return field.has("enum") || field.has("$ref") || isNumber(field) || "boolean".equals(field.path("type").asString())
                || format.equals("uuid") || format.startsWith("date");
    }

    private static String hugeNumber(Random random) {
        return pick(random, "1e999999999", "9".repeat(500), "-" + "9".repeat(300) + ".5", "1E-999999999",
                "{\"amount\": \"" + "9".repeat(1000) + "\", \"currency\": \"IRR\"}",
                "{\"amount\": \"1e2147483648\", \"currency\": \"IRR\"}", "\"" + "9".repeat(5000) + "\"",
                "2147483648", "-2147483649", "9223372036854775808");
    }

    private static String absurdMoney(Random random) {
        return pick(random, "{\"amount\": \"12.345678\", \"currency\": \"IRR\"}",
                "{\"amount\": \"1.00\", \"currency\": \"XXX\"}", "{\"amount\": \"1.00\", \"currency\": \"ZZZ\"}",
                "{\"amount\": \"1.00\", \"currency\": \"irr\"}", "{\"amount\": \"1.00\", \"currency\": \"' OR 1=1\"}",
                "{\"amount\": 1.5, \"currency\": \"EUR\"}", "{\"amount\": \"NaN\", \"currency\": \"EUR\"}",
                "{\"amount\": \"Infinity\", \"currency\": \"EUR\"}", "{\"amount\": \"0x10\", \"currency\": \"EUR\"}",
                "{\"amount\": \"1e999999999\", \"currency\": \"EUR\"}", "{\"amount\": \"1.00\"}", "{\"currency\": \"EUR\"}",
                "{\"amount\": \"1,000.00\", \"currency\": \"EUR\"}", "{\"amount\": \"۱۲۳\", \"currency\": \"IRR\"}",
                "{\"amount\": null, \"currency\": null}", "\"1250000.00 IRR\"", "{\"amount\": [], \"currency\": {}}");
    }

    /** A body whose text is not UTF-8: lone continuation bytes, an overlong encoding, a cut-off sequence. */
    private static byte[] invalidUtf8(JsonNode schema, Random random) {
        String field = "name";
        if (schema != null && schema.has("properties")) {
            List<String> names = new ArrayList<>();
            schema.get("properties").properties().forEach(p -> names.add(p.getKey()));
            if (!names.isEmpty()) {
                field = names.get(random.nextInt(names.size()));
            }
        }
        byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xE2, (byte) 0x82}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0x80}};
        byte[] head = ("{\"" + field + "\": \"abc").getBytes(StandardCharsets.UTF_8);
        byte[] middle = bad[random.nextInt(bad.length)];
        byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + middle.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(middle, 0, body, head.length, middle.length);
        System.arraycopy(tail, 0, body, head.length + middle.length, tail.length);
        return body;
    }

    private static String deep(Random random) {
        int depth = 2_000 + random.nextInt(20_000);
        return random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /** Over the 1 MiB limit, as raw bytes. */
    private static byte[] oversized(Random random) {
        int size = 1024 * 1024 + 1 + random.nextInt(512 * 1024);
        byte[] body = new byte[size];
        java.util.Arrays.fill(body, (byte) 'a');
        byte[] head = "{\"description\": \"".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, body, 0, head.length);
        body[size - 2] = '"';
        body[size - 1] = '}';
        return body;
    }

    // ------------------------------------------------------------------------------------ set-up and state

    /** Real objects to aim at (a PATCH of a real lead meets more code than one of an unknown id). */
    private void seedRealObjects(RawApi raw) {
        CrmApi api = raw.api();
        String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        put("campaigns", api.post("mona", "/api/campaigns", Map.of("name", "R6 campaign " + tag, "code", "R6-" + tag,
                "channel", "EMAIL", "startsOn", today.toString(), "endsOn", today.plusDays(30).toString(),
                "budget", Map.of("amount", "1000.00", "currency", "EUR"))).expect(201).id());
        put("campaign-responses", api.post("mona", "/api/campaigns/" + realIds.get("campaigns").getFirst() + "/responses",
                Map.of("firstName", "Sara", "lastName", "R6-" + tag, "companyName", "Fuzz Co " + tag, "channel", "EMAIL",
                        "receivedAt", java.time.Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                .toString())).expect(201).id());
        put("leads", api.post("alice", "/api/leads", Map.of("firstName", "Reza", "lastName", "R6-" + tag,
                "companyName", "Fuzz Lead Co " + tag)).expect(201).id());
        String accountId = api.post("alice", "/api/accounts", Map.of("name", "R6 Account " + tag)).expect(201).id();
        put("accounts", accountId);
        put("contacts", api.post("alice", "/api/contacts", Map.of("firstName", "Nima", "lastName", "R6-" + tag,
                "accountId", accountId)).expect(201).id());
        CrmApi.Reply group = api.post("cathy", "/api/unit-groups", Map.of("name", "R6 group " + tag, "baseUnit", "seat",
                "units", List.of())).expect(201);
        put("unit-groups", group.id());
        String unitId = group.body().at("/units/0/id").asString();
        put("products", api.post("cathy", "/api/products", Map.of("sku", "R6-" + tag, "name", "R6 product",
                "unitGroupId", group.id(), "defaultUnitId", unitId)).expect(201).id());
        put("price-lists", api.post("cathy", "/api/price-lists", Map.of("name", "R6 list " + tag, "currency", "EUR",
                "validFrom", today.toString(), "validTo", today.plusYears(1).toString())).expect(201).id());
        String opportunityId = new SalesCycle(api, System.out).openOpportunity("alice", accountId, "R6 deal " + tag,
                SalesCycle.Money.of("1000.00", "EUR"));
        put("opportunities", opportunityId);
        // Whatever earlier scenarios left: orders, invoices, quotes of this suite.
        realIds.put("orders", raw.strings("billing-service", "SELECT id::text FROM sales_order LIMIT 20"));
        realIds.put("invoices", raw.strings("billing-service", "SELECT id::text FROM invoice LIMIT 20"));
        realIds.put("quotes", raw.strings("opportunity-service", "SELECT id::text FROM quote LIMIT 20"));
    }

    private void put(String resource, String id) {
        realIds.computeIfAbsent(resource, r -> new ArrayList<>()).add(id);
    }

    /**
     * A snapshot of a quiet suite: no outbox row pending, every consumer group at the end of what it reads (the
     * set-up's events have all arrived: an opportunity made by the set-up once reached billing-service's inbox
     * during the run), and then two snapshots three seconds apart agree.
     */
    static Map<String, Long> stableSnapshot(Suite suite, RawApi raw) throws Exception {
        Ledger ledger = new Ledger(suite);
        try (Admin admin = Admin.create(ledger.adminProperties())) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> ledger.pendingOutboxRows() == 0 && Ledger.consumerLag(admin) == 0);
        }
        List<Map<String, Long>> last = new ArrayList<>(List.of(raw.snapshot()));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(3)).until(() -> {
            Map<String, Long> now = raw.snapshot();
            boolean same = now.equals(last.getLast());
            last.add(now);
            return same;
        });
        return last.getLast();
    }

    // ------------------------------------------------------------------------------------ small things

    private static void pace(Map<String, AtomicLong> nextSlot, String user) {
        long interval = 1_000_000_000L / PER_USER_PER_SECOND;
        AtomicLong slot = nextSlot.computeIfAbsent(user, u -> new AtomicLong(System.nanoTime()));
        long mine = slot.getAndUpdate(t -> Math.max(t, System.nanoTime()) + interval);
        long wait = mine - System.nanoTime();
        if (wait > 0) {
            RawApi.pause(wait / 1_000_000L);
        }
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String shorten(String path) {
        return path.length() > 160 ? path.substring(0, 160) + "…" : path;
    }
}
