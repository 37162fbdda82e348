package dev.salescrm.systemtest.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.cycle.CrmApi;
import dev.salescrm.launcher.cycle.SalesCycle;
import dev.salescrm.systemtest.faults.RawApi.Answer;
import dev.salescrm.systemtest.faults.RawApi.Call;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * R5, concurrency (issue #14). Two races the API promises to settle:
 * <ul>
 * <li>50 clients change the same opportunity at once, each with the ETag it read ({@code If-Match}): for each
 * version exactly one wins (200), every other gets 412 (stale) or 409 (lost the race), and what is stored is the
 * winner's change. Several rounds, each on the version the last one made.</li>
 * <li>500 invoicings at once while billing-service is killed (SIGKILL) part-way and started again: every order
 * ends with exactly one invoice, and the year's invoice numbers are 1…n without gap or duplicate. The clients
 * behave as the API asks: an Idempotency-Key per order, and a failed request (no answer, 502/503/504, 429) is
 * sent again with the same key.</li>
 * </ul>
 * The 500 fulfilled orders are written straight into billing-service's tables, as its own numbering test does:
 * making them through 500 accepted quotes would spend the scenario's minutes on set-up. Everything invoiced goes
 * through the gateway to the real process.
 */
@Tag("faults")
@ExtendWith(FaultSuite.class)
class R5ConcurrencyTest {

    static final int CLIENTS = 50;
    static final int ROUNDS = 4;
    static final int INVOICES = 500;
    static final int INVOICING_CLIENTS = 32;
    /** billing-service is killed once this many invoicings have been answered. */
    static final int KILL_AFTER = 150;

    @Test
    @Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    void fiftyClientsUpdatingOneOpportunityMakeExactlyOneWinnerPerVersion(Suite suite) throws Exception {
        RawApi raw = new RawApi(suite);
        CrmApi api = raw.api();
        String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String accountId = api.post("alice", "/api/accounts", Map.of("name", "R5 Account " + run)).expect(201).id();
        String opportunityId = new SalesCycle(api, System.out).openOpportunity("alice", accountId, "R5 deal " + run,
                SalesCycle.Money.of("1000.00", "EUR"));

        long doubled = 0;
        long lost = 0;
        long fiveHundreds = 0;
        List<String> problems = new ArrayList<>();
        Map<Integer, Long> statuses = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                CrmApi.Reply current = api.get("alice", "/api/opportunities/" + opportunityId).expect(200);
                String etag = current.raw().headers().firstValue("ETag").orElseThrow();
                long version = current.body().get("version").asLong();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Answer>> answers = new ArrayList<>();
                for (int client = 0; client < CLIENTS; client++) {
                    String body = "{\"name\": \"R5 round " + round + " client " + client + "\", \"estimatedRevenue\": "
                            + "{\"amount\": \"" + (1000 + round * 100 + client) + ".00\", \"currency\": \"EUR\"}}";
                    Call patch = new Call("alice", "PATCH", "/api/opportunities/" + opportunityId,
                            Map.of("Content-Type", "application/merge-patch+json", "If-Match", etag),
                            body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    answers.add(pool.submit(() -> {
                        start.await();
                        // A good client: a 429 (the gateway's in-flight limit) is sent again after its Retry-After,
                        // with the same If-Match; it ends as the winner or with 412/409 like the others.
                        Answer answer = raw.send(patch);
                        for (int retry = 0; retry < 30 && answer.status() == 429; retry++) {
                            RawApi.pause(1000L * Long.parseLong(answer.retryAfter().orElse("1")));
                            answer = raw.send(patch);
                        }
                        return answer;
                    }));
                }
                start.countDown();
                List<String> winners = new ArrayList<>();
                for (Future<Answer> f : answers) {
                    Answer answer = f.get();
                    statuses.merge(answer.status(), 1L, Long::sum);
                    if (answer.status() == 200) {
                        winners.add(answer.json().get("name").asString());
                    } else if (answer.status() >= 500 || answer.status() < 0) {
                        fiveHundreds++;
                        problems.add("round " + round + ": " + answer.describe());
                    } else if (answer.status() != 412 && answer.status() != 409 || !answer.isProblem()) {
                        problems.add("round " + round + ": neither a win nor a clean 412/409: " + answer.describe());
                    }
                }
                CrmApi.Reply after = api.get("alice", "/api/opportunities/" + opportunityId).expect(200);
                if (winners.size() > 1) {
                    doubled += winners.size() - 1;
                    problems.add("round " + round + ": " + winners.size() + " winners for version " + version + ": " + winners);
                }
                if (winners.size() != 1 || !winners.getFirst().equals(after.text("/name"))
                        || after.body().get("version").asLong() != version + 1) {
                    lost++;
                    problems.add("round " + round + ": stored " + after.text("/name") + " v" + after.text("/version")
                            + ", winners " + winners + " on v" + version);
                }
                Thread.sleep(1500); // the 51 requests of a round came out of alice's burst; let it refill
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("R5 If-Match: %d rounds x %d clients, statuses %s%n", ROUNDS, CLIENTS, statuses);
        problems.forEach(p -> System.out.println("  R5 " + p));
        FaultReport.record(new FaultReport.Row("R5 concurrent If-Match updates of one opportunity",
                ROUNDS + " rounds x " + CLIENTS + " clients", lost, doubled, fiveHundreds,
                "statuses " + statuses + "; one 200 per version, stored state = the winner's"));
        assertThat(problems).isEmpty();
        assertThat(statuses.getOrDefault(200, 0L)).isEqualTo(ROUNDS);
    }

    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void fiveHundredInvoicingsWhileBillingIsKilledLeaveGaplessNumbers(Suite suite) throws Exception {
        RawApi raw = new RawApi(suite);
        List<String> orders = placeFulfilledOrders(raw, INVOICES);
        int year = LocalDate.now(ZoneOffset.UTC).getYear();

        Map<String, Answer> finalAnswers = new ConcurrentHashMap<>();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        LongAdder unexpected5xx = new LongAdder();
        LongAdder expected5xx = new LongAdder();
        AtomicInteger answered = new AtomicInteger();
        // The window in which billing-service is down (and the circuit breaker still open): set by the killer.
        AtomicLong downSince = new AtomicLong(Long.MAX_VALUE);
        AtomicLong backSince = new AtomicLong(Long.MAX_VALUE);
        CountDownLatch killNow = new CountDownLatch(1);
        List<String> users = List.of("bill", "admin");

        Thread killer = Thread.ofPlatform().name("r5-killer").start(() -> {
            try {
                killNow.await();
                long pid = suite.status().stream().filter(s -> s.name().equals("billing-service")).findFirst()
                        .orElseThrow().pid();
                downSince.set(System.nanoTime());
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                System.out.println("R5: killed billing-service (pid " + pid + ") after " + answered.get() + " answers");
                ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
                suite.up();
                backSince.set(System.nanoTime());
                System.out.println("R5: billing-service is back");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        ExecutorService pool = Executors.newFixedThreadPool(INVOICING_CLIENTS);
        long started = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < orders.size(); i++) {
                String orderId = orders.get(i);
                String user = users.get(i % users.size());
                Call invoice = Call.json(user, "POST", "/api/orders/" + orderId + "/invoice", "{\"paymentTermsDays\": 30}");
                Call keyed = new Call(invoice.user(), invoice.method(), invoice.path(),
                        Map.of("Content-Type", "application/json", "Idempotency-Key", "r5-" + orderId), invoice.body());
                done.add(pool.submit(() -> {
                    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
                    while (System.nanoTime() < deadline) {
                        Answer answer = raw.send(keyed, Duration.ofSeconds(20));
                        long at = System.nanoTime();
                        statuses.merge(answer.status(), 1L, Long::sum);
                        if (answered.incrementAndGet() == KILL_AFTER) {
                            killNow.countDown();
                        }
                        // (back is Long.MAX_VALUE until billing-service is ready again: adding to it would overflow)
                        long back = backSince.get();
                        boolean inOutage = at >= downSince.get()
                                && (back == Long.MAX_VALUE || at <= back + Duration.ofSeconds(10).toNanos());
                        if (answer.status() >= 500 || answer.status() < 0) {
                            if (inOutage && answer.status() != 500) {
                                expected5xx.increment();
                            } else {
                                unexpected5xx.increment();
                                System.out.println("R5 unexpected: " + keyed.path() + " → " + answer.describe()
                                        + " (" + millisAfter(at, downSince.get()) + " ms after the kill, "
                                        + millisAfter(at, backSince.get()) + " ms after billing-service was back)");
                            }
                            RawApi.pause(500);
                            continue;
                        }
                        if (answer.status() == 429 || answer.status() == 409 && answer.text().contains("in-flight")) {
                            RawApi.pause(1000L * Long.parseLong(answer.retryAfter().orElse("1")));
                            continue;
                        }
                        finalAnswers.put(orderId, answer);
                        return;
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            killNow.countDown();
            killer.join(Duration.ofMinutes(3));
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        // What exists: one invoice per order, and the year's numbers 1…n.
        long acknowledged = finalAnswers.values().stream().filter(a -> a.status() == 201).count();
        long ours = raw.count("billing-service", "SELECT count(*) FROM invoice WHERE order_id = ANY(?::uuid[])",
                (Object) orders.toArray(String[]::new));
        long distinctOrders = raw.count("billing-service",
                "SELECT count(DISTINCT order_id) FROM invoice WHERE order_id = ANY(?::uuid[])", (Object) orders.toArray(String[]::new));
        List<Long> numbers = raw.strings("billing-service", "SELECT sequence FROM invoice WHERE year = ? ORDER BY sequence", year)
                .stream().map(Long::parseLong).toList();
        long counter = raw.count("billing-service", "SELECT coalesce(max(last), 0) FROM invoice_counter WHERE year = ?", year);
        long gaps = LongStream.rangeClosed(1, numbers.isEmpty() ? 0 : numbers.getLast()).filter(n -> !numbers.contains(n)).count();
        long duplicateNumbers = numbers.size() - numbers.stream().distinct().count();
        long misnamed = raw.count("billing-service",
                "SELECT count(*) FROM invoice WHERE number <> 'INV-' || year || '-' || lpad(sequence::text, 6, '0')");
        long lost = INVOICES - distinctOrders;
        long doubled = ours - distinctOrders + duplicateNumbers;

        System.out.printf("R5 invoices: %d orders, %d clients, billing killed after %d answers, %d s; statuses %s;%n"
                        + "  201 acknowledged %d, invoices of these orders %d (distinct orders %d), year %d numbers %d..%d,"
                        + " counter %d, gaps %d, duplicates %d; 5xx during the outage %d, unexpected 5xx %d%n",
                INVOICES, INVOICING_CLIENTS, KILL_AFTER, seconds, new TreeMap<>(statuses), acknowledged, ours, distinctOrders,
                year, numbers.isEmpty() ? 0 : numbers.getFirst(), numbers.isEmpty() ? 0 : numbers.getLast(), counter, gaps,
                duplicateNumbers, expected5xx.sum(), unexpected5xx.sum());
        FaultReport.record(new FaultReport.Row("R5 billing-service SIGKILLed during concurrent invoicing",
                INVOICES + " invoicings, " + INVOICING_CLIENTS + " clients, kill after " + KILL_AFTER + " answers",
                lost + gaps, doubled, unexpected5xx.sum(),
                "number gaps " + gaps + ", 5xx while billing was down (502/503/504, retried) " + expected5xx.sum()
                        + ", " + seconds + " s"));

        assertThat(downSince.get()).as("billing-service was killed").isNotEqualTo(Long.MAX_VALUE);
        assertThat(backSince.get()).as("billing-service came back").isNotEqualTo(Long.MAX_VALUE);
        assertThat(finalAnswers).as("every order got a final answer").hasSize(INVOICES);
        assertThat(acknowledged).as("final answers that are 201 (a replay after the kill included)").isEqualTo(INVOICES);
        assertThat(ours).isEqualTo(INVOICES);
        assertThat(distinctOrders).isEqualTo(INVOICES);
        assertThat(numbers).as("the year's invoice numbers").containsExactlyElementsOf(
                LongStream.rangeClosed(1, numbers.size()).boxed().toList());
        assertThat(counter).isEqualTo(numbers.size());
        assertThat(misnamed).isZero();
        assertThat(unexpected5xx.sum()).isZero();
    }

    // ------------------------------------------------------------------------------------ set-up

    /**
     * Fulfilled orders written into billing-service's own tables, one line each, owned by alice: what an
     * accepted quote, a submit and a fulfil would have left.
     */
    private static List<String> placeFulfilledOrders(RawApi raw, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase(java.util.Locale.ROOT);
        try (Connection c = raw.connect("billing-service")) {
            c.setAutoCommit(false);
            try (PreparedStatement order = c.prepareStatement("INSERT INTO sales_order (id, order_number, quote_id, "
                    + "opportunity_id, owner_id, name, currency, detail_amount, discount_amount, tax_amount, total_amount, "
                    + "status, version, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, 'alice', ?, 'EUR', 250.00, "
                    + "0, 0, 250.00, 'FULFILLED', 3, now(), 'alice', now())");
                 PreparedStatement line = c.prepareStatement("INSERT INTO sales_order_line (order_id, line_number, "
                         + "description, quantity, price_per_unit, extended_amount) VALUES (?, 1, 'R5 seats', 5, 50.00, 250.00)")) {
                for (int i = 0; i < count; i++) {
                    UUID id = UUID.randomUUID();
                    ids.add(id.toString());
                    order.setObject(1, id);
                    order.setString(2, "ORD-R5-" + run + "-" + i);
                    order.setObject(3, UUID.randomUUID());
                    order.setObject(4, UUID.randomUUID());
                    order.setString(5, "R5 order " + i);
                    order.addBatch();
                    line.setObject(1, id);
                    line.addBatch();
                }
                order.executeBatch();
                line.executeBatch();
            }
            c.commit();
        }
        return ids;
    }

    /** Milliseconds from {@code since} to {@code at}; null while {@code since} has not happened. */
    private static Long millisAfter(long at, long since) {
        return since == Long.MAX_VALUE ? null : (at - since) / 1_000_000;
    }
}
