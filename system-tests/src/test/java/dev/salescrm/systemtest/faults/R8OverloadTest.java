package dev.salescrm.systemtest.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.salescrm.launcher.Suite;
import dev.salescrm.systemtest.faults.RawApi.Answer;
import dev.salescrm.systemtest.faults.RawApi.Call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * R8, overload (issue #14): traffic far above what the gateway admits (50 requests a second per user, burst
 * 100), first from one user over 200 connections, then from every demo user at once. Reads and creating writes mixed. Expected:
 * the excess is refused at the gateway with 429, a problem+json and a Retry-After; every admitted request is
 * answered within the gateway's time limit ({@link #ADMITTED_BOUND}: none waits until it, none becomes a 504),
 * and the 99th percentile is reported against {@link #ADMITTED_P99_TARGET}; nothing answers 5xx; no process dies; a lead acknowledged with
 * 201 exists exactly once, and a lead refused with 429 does not exist. When the load stops, every user's
 * ordinary requests succeed again.
 */
@Tag("faults")
@ExtendWith(FaultSuite.class)
class R8OverloadTest {

    /**
     * What an admitted request may take at most: the gateway's time limit (CRM_GATEWAY_TIMEOUT, 10 s), the bound
     * the system itself enforces. Before the in-flight limit, admitted requests queued until it (504s).
     */
    static final Duration ADMITTED_BOUND = Duration.ofSeconds(10);
    /**
     * The 99th percentile we aim at. Earlier runs measured 1.9–4.9 s for one user; most of that tail was the load
     * generator's own: its 200 clients opened their connections as the storm began, and some of their first
     * requests stalled in the client for up to 16 s while the gateway's own timer
     * ({@code http.server.requests}) said it had answered every request of the phase within 1.7 s. Each client
     * now connects before the storm starts.
     */
    static final Duration ADMITTED_P99_TARGET = Duration.ofSeconds(3);
    static final Duration PHASE = Duration.ofSeconds(15);
    /**
     * Ordinary traffic before the storm, on the same requests: the scenario is about a running system pushed
     * past its capacity, not about code the JVM has not compiled yet. Run first against a freshly started
     * suite, without it, the first admitted requests took 7–9 s (cold code, starved of CPU by the storm).
     */
    static final Duration WARM_UP = Duration.ofSeconds(10);
    static final int WARM_UP_CONNECTIONS = 4;
    /** The five demo users who work leads (billing's and the catalog's users do not). */
    static final List<String> LEAD_USERS = RawApi.USERS.stream()
            .filter(u -> !u.equals("bill") && !u.equals("cathy")).toList();

    record Outcome(long sent, long admitted, long refused, long fiveHundreds, long notProblem429, long lost,
                   long doubled, long p50Millis, long p99Millis, long maxMillis, Map<Integer, Long> statuses,
                   List<String> problems) {
    }

    @Test
    @Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
    void farAboveCapacityTheGatewayRefusesTheExcessAndEverythingRecovers(Suite suite) throws Exception {
        RawApi raw = new RawApi(suite);
        RawApi.USERS.forEach(raw::token); // log everyone in before the load: the issuer is not what is tested
        Map<String, Long> pidsBefore = pids(suite);

        Outcome warmUp = overload(raw, "R8-warm", LEAD_USERS, WARM_UP_CONNECTIONS, WARM_UP);
        System.out.printf("R8 warm-up: %d requests in %d s over %d connections, statuses %s%n", warmUp.sent(),
                WARM_UP.toSeconds(), WARM_UP_CONNECTIONS, warmUp.statuses());
        Thread.sleep(2500); // every bucket full again
        Outcome one = overload(raw, "R8-one", List.of("alice"), 200, PHASE);
        report("one user", one);
        // Let every bucket fill again, so phase two starts from the configured burst.
        Thread.sleep(2500);
        Outcome many = overload(raw, "R8-many", LEAD_USERS, 160, PHASE);
        report("many users", many);

        // Every process still runs — the same processes as before the load, none restarted.
        Map<String, Long> pidsAfter = pids(suite);
        // After the load: ordinary requests of every user succeed again (bounded wait for the buckets to refill).
        List<String> recovered = new ArrayList<>();
        long recoveryStarted = System.nanoTime();
        for (String user : RawApi.USERS) {
            String path = switch (user) {
                case "bill" -> "/api/invoices?limit=5";
                case "cathy" -> "/api/products?limit=5";
                case "mona" -> "/api/campaigns?limit=5";
                default -> "/api/leads?limit=5";
            };
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> raw.send(new Call(user, "GET", path, Map.of(), null)).status() == 200);
            recovered.add(user);
        }
        Answer created = raw.send(Call.json("alice", "POST", "/api/leads",
                "{\"firstName\": \"Roya\", \"lastName\": \"R8-after\", \"companyName\": \"After the storm\"}"));
        long recoveryMillis = (System.nanoTime() - recoveryStarted) / 1_000_000;

        FaultReport.record(row("R8 overload from one user (200 connections)", one));
        FaultReport.record(row("R8 overload from 5 users (160 connections)", many));

        for (Outcome outcome : List.of(one, many)) {
            assertThat(outcome.problems()).isEmpty();
            assertThat(outcome.refused()).as("429s").isPositive();
            assertThat(outcome.fiveHundreds()).isZero();
            assertThat(outcome.notProblem429()).isZero();
            assertThat(outcome.lost()).isZero();
            assertThat(outcome.doubled()).isZero();
            assertThat(Duration.ofMillis(outcome.maxMillis())).as("the slowest admitted answer")
                    .isLessThan(ADMITTED_BOUND);
        }
        assertThat(pidsAfter).as("processes after the load").isEqualTo(pidsBefore);
        assertThat(recovered).containsExactlyElementsOf(RawApi.USERS);
        assertThat(created.status()).as(created.describe()).isEqualTo(201);
        System.out.println("R8: all " + pidsAfter.size() + " processes alive and unchanged; every user served again within "
                + recoveryMillis + " ms of the load stopping");
    }

    /** Marketing (mona) works leads and campaigns; opportunities are not hers to read (a 403 is no overload answer). */
    private static boolean readsOpportunities(String user) {
        return !user.equals("mona");
    }

    /**
     * {@code connections} clients, each connected before the phase starts, then sending back to back for
     * {@code phase} as the given users (in turn): three reads for every creating write, no client-side pacing, a
     * 429 not retried (the load is the point).
     */
    private static Outcome overload(RawApi raw, String tag, List<String> users, int connections, Duration phase)
            throws Exception {
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> admittedNanos = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> admittedWriteNanos = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> refusedWrites = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        LongAdder fiveHundreds = new LongAdder();
        LongAdder notProblem429 = new LongAdder();
        AtomicInteger sequence = new AtomicInteger();
        CountDownLatch connected = new CountDownLatch(connections);
        AtomicLong phaseStarted = new AtomicLong();
        ConcurrentLinkedQueue<Long> refusedNanos = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                String user = users.get(c % users.size());
                clients.add(pool.submit(() -> {
                    // Every client has its connection before the storm starts: the load generator opening 200
                    // connections at once on the same two cores stalled some of its own first requests for up
                    // to 16 s, while the gateway's own timer said it answered each within 0.3 s.
                    raw.send(new Call(null, "GET", "/actuator/health/liveness", Map.of(), null));
                    connected.countDown();
                    connected.await(30, TimeUnit.SECONDS);
                    phaseStarted.compareAndSet(0, System.nanoTime());
                    long deadline = phaseStarted.get() + phase.toNanos();
                    while (System.nanoTime() < deadline) {
                        int n = sequence.incrementAndGet();
                        boolean write = n % 4 == 0;
                        String marker = tag + "-" + n;
                        Call call = write
                                ? Call.json(user, "POST", "/api/leads", "{\"firstName\": \"Omid\", \"lastName\": \"" + marker
                                        + "\", \"companyName\": \"" + marker + " Co\"}")
                                : new Call(user, "GET", n % 3 == 0 && readsOpportunities(user)
                                        ? "/api/opportunities?limit=10" : "/api/leads?limit=10", Map.of(), null);
                        Answer answer = raw.send(call, Duration.ofSeconds(30));
                        if (answer.status() == 429) {
                            refusedNanos.add(answer.nanos());
                        }
                        statuses.merge(answer.status(), 1L, Long::sum);
                        if (answer.status() == 429) {
                            if (!answer.isProblem() || answer.retryAfter().isEmpty()) {
                                notProblem429.increment();
                                problems.add("429 without problem+json or Retry-After: " + answer.describe());
                            }
                            if (write) {
                                refusedWrites.add(marker);
                            }
                        } else if (answer.status() >= 500 || answer.status() < 0) {
                            fiveHundreds.increment();
                            problems.add(call.method() + " " + call.path() + " → " + answer.describe());
                        } else if (answer.status() == 200 || answer.status() == 201) {
                            admittedNanos.add(answer.nanos());
                            if (write) {
                                admittedWriteNanos.add(answer.nanos());
                            }
                            if (write) {
                                acknowledged.add(marker);
                            }
                        } else {
                            problems.add(call.method() + " " + call.path() + " → " + answer.describe());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        // What exists: each acknowledged lead once, no refused one.
        long lost = 0;
        long doubled = 0;
        Map<String, Long> leads = new TreeMap<>();
        for (String lastName : raw.strings("lead-service", "SELECT last_name FROM lead WHERE last_name LIKE ?", tag + "-%")) {
            leads.merge(lastName, 1L, Long::sum);
        }
        for (String marker : acknowledged) {
            long n = leads.getOrDefault(marker, 0L);
            if (n == 0) {
                lost++;
            } else if (n > 1) {
                doubled += n - 1;
            }
        }
        for (String marker : refusedWrites) {
            if (leads.containsKey(marker)) {
                doubled++;
                problems.add("a lead refused with 429 exists: " + marker);
            }
        }
        List<Long> sorted = admittedNanos.stream().sorted().toList();
        List<Long> writes = admittedWriteNanos.stream().sorted().toList();
        List<Long> refusedSorted = refusedNanos.stream().sorted().toList();
        System.out.printf("R8 %s: admitted writes (POST /api/leads) %d, p50 %d ms, p99 %d ms; refusals (429) p50 %d ms,"
                        + " p99 %d ms%n", tag, writes.size(), percentile(writes, 50), percentile(writes, 99),
                percentile(refusedSorted, 50), percentile(refusedSorted, 99));
        long sent = statuses.values().stream().mapToLong(Long::longValue).sum();
        return new Outcome(sent, sorted.size(), statuses.getOrDefault(429, 0L), fiveHundreds.sum(), notProblem429.sum(),
                lost, doubled, percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100), new TreeMap<>(statuses),
                List.copyOf(problems));
    }

    private static long percentile(List<Long> sortedNanos, int p) {
        if (sortedNanos.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sortedNanos.size()) - 1;
        return sortedNanos.get(Math.max(0, index)) / 1_000_000;
    }

    private static void report(String what, Outcome o) {
        System.out.printf("R8 %s: %d requests in %d s (%d/s offered), %d admitted (p50 %d ms, p99 %d ms, max %d ms),"
                        + " %d refused 429, statuses %s, lost %d, doubled %d%n", what, o.sent(), PHASE.toSeconds(),
                o.sent() / PHASE.toSeconds(), o.admitted(), o.p50Millis(), o.p99Millis(), o.maxMillis(), o.refused(),
                o.statuses(), o.lost(), o.doubled());
        o.problems().stream().limit(20).forEach(p -> System.out.println("  R8 " + p));
    }

    private static FaultReport.Row row(String fault, Outcome o) {
        return new FaultReport.Row(fault, o.sent() + " requests in " + PHASE.toSeconds() + " s (" + o.sent() / PHASE.toSeconds()
                + "/s)", o.lost(), o.doubled(), o.fiveHundreds(), o.refused() + " × 429 (problem+json, Retry-After); admitted "
                + o.admitted() + ", p50 " + o.p50Millis() + " ms, p99 " + o.p99Millis() + " ms (target "
                + ADMITTED_P99_TARGET.toMillis() + " ms), max " + o.maxMillis() + " ms (bound " + ADMITTED_BOUND.toMillis() + " ms)");
    }

    private static Map<String, Long> pids(Suite suite) {
        Map<String, Long> pids = new TreeMap<>();
        for (Suite.ProcessStatus status : suite.status()) {
            assertThat(status.up()).as(status.toString()).isTrue();
            pids.put(status.name(), status.pid());
        }
        return pids;
    }
}
