package dev.salescrm.systemtest.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.SuiteConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * R4 (issue #14): PostgreSQL restarted (a fast shutdown: every session terminated, then started again on the
 * same data directory) while reps create and qualify leads. Requests in flight fail cleanly — 503 with
 * Retry-After, or 409 when a retry meets its own earlier effect — and none hangs beyond the client's 10 s
 * bound; the services answer again without being restarted; creates retried with the same Idempotency-Key
 * make each lead once; every acknowledged qualification converts; afterwards no session is left
 * {@code idle in transaction} and every R2DBC pool is back to no acquired connection.
 */
@Tag("faults")
@ExtendWith(FaultSuite.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class R4DatabaseRestartTest {

    static final Duration REQUEST_BOUND = Duration.ofSeconds(10);
    static final int CLIENTS = 4;
    /** Services whose pools the load exercises (the gateway and identity hold no database connection). */
    static final List<String> LOADED = List.of("lead-service", "account-service", "opportunity-service");

    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong unexpected5xx = new AtomicLong();

    @Test
    void aDatabaseRestartUnderLoadFailsRequestsCleanlyAndLeaksNothing(Suite suite) throws Exception {
        Ledger ledger = new Ledger(suite);
        SalesLoad load = new SalesLoad(suite, REQUEST_BOUND);
        String tag = "r4-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Long> pidsBefore = pids(suite);

        Map<UUID, String> created = new ConcurrentHashMap<>();
        Set<UUID> qualified = ConcurrentHashMap.newKeySet();
        AtomicLong keysAcknowledged = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String rep = SalesLoad.REPS.get(i % SalesLoad.REPS.size());
            running.add(clients.submit(() -> {
                while (!stop.get()) {
                    UUID lead = createLead(load, rep, tag, keysAcknowledged);
                    if (lead == null) {
                        continue;
                    }
                    created.put(lead, rep);
                    if (qualify(load, rep, lead)) {
                        qualified.add(lead);
                    }
                }
                return null;
            }));
        }
        clients.shutdown();

        // Load runs a few seconds before the restart and a few seconds after the server answers again.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> qualified.size() >= 20);
        Instant restarting = Instant.now();
        suite.stop(SuiteConfig.POSTGRES);
        suite.up();
        Duration down = Duration.between(restarting, Instant.now());
        int qualifiedAtRestart = qualified.size();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> qualified.size() >= qualifiedAtRestart + 20);
        stop.set(true);
        assertThat(clients.awaitTermination(3, TimeUnit.MINUTES)).as("clients finished").isTrue();
        for (Future<?> client : running) {
            client.get();
        }
        Duration recovered = Duration.between(restarting, Instant.now());
        System.out.println("R4 answers " + SalesLoad.labelled(statuses) + "; database down " + down.toMillis()
                + " ms; " + created.size() + " leads created, " + qualified.size() + " qualified");

        // Nobody restarted a service: the same processes answer.
        assertThat(pids(suite)).as("service processes").isEqualTo(pidsBefore);
        for (var lead : created.entrySet().stream().limit(10).toList()) {
            assertThat(load.send(lead.getValue(), "GET", "/api/leads/" + lead.getKey(), null, null).status())
                    .as("GET a lead after the restart").isEqualTo(200);
        }

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ledger.conversions(qualified).completed() == qualified.size());
        Ledger.Conversions conversions = ledger.conversions(qualified);
        long leadsStored = ledger.count("lead-service", "SELECT count(*) FROM lead WHERE topic = ?", tag);
        long leadsMissing = created.keySet().stream().filter(id ->
                ledger.count("lead-service", "SELECT count(*) FROM lead WHERE id = ?", id) == 0).count();

        // No session left in a transaction nobody will finish, no connection held by nobody.
        long idleInTransaction = awaitZero(() -> idleInTransaction(ledger, suite));
        Map<String, Double> acquired = new TreeMap<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            acquired.clear();
            for (String service : LOADED) {
                acquired.put(service, acquiredConnections(suite, service));
            }
            return acquired.values().stream().allMatch(v -> v == 0.0);
        });
        long hung = statuses.getOrDefault(SalesLoad.HUNG, new AtomicLong()).get();
        System.out.println("R4 conversions: " + conversions + "; leads stored " + leadsStored + " for "
                + keysAcknowledged.get() + " acknowledged creates; pools acquired " + acquired);

        long lost = leadsMissing + conversions.lost() + (qualified.size() - conversions.completed());
        long doubled = Math.max(0, leadsStored - keysAcknowledged.get()) + conversions.doubled();
        FaultReport.record(new FaultReport.Row("R4 PostgreSQL restarted under load",
                CLIENTS + " clients: " + created.size() + " creates, " + qualified.size() + " qualifications",
                lost, doubled, unexpected5xx.get(),
                "answers " + SalesLoad.labelled(statuses) + "; restart took " + down.toSeconds()
                        + " s, load recovered in " + recovered.toSeconds() + " s without a service restart; "
                        + hung + " hung; idle in transaction " + idleInTransaction + "; pools acquired " + acquired));

        assertThat(unexpected).as("answers other than 2xx, 409, 429, 503").isEmpty();
        assertThat(hung).as("requests without an answer within " + REQUEST_BOUND.toSeconds() + " s").isZero();
        assertThat(statuses.keySet()).as("the restart was felt").containsAnyOf(503, SalesLoad.NO_ANSWER);
        assertThat(leadsMissing).isZero();
        assertThat(leadsStored).as("one lead per acknowledged Idempotency-Key").isEqualTo(keysAcknowledged.get());
        assertThat(conversions.completed()).isEqualTo(qualified.size());
        assertThat(conversions.accounts()).isEqualTo(qualified.size());
        assertThat(conversions.contacts()).isEqualTo(qualified.size());
        assertThat(conversions.opportunities()).isEqualTo(qualified.size());
        assertThat(conversions.doubled()).isZero();
        assertThat(idleInTransaction).isZero();
        assertThat(acquired.values()).allMatch(v -> v == 0.0);
    }

    /**
     * Creates a lead, retrying the same request with the same Idempotency-Key until it is acknowledged (201),
     * as a client does after a 503; returns its id, or null when the load is stopping.
     */
    private UUID createLead(SalesLoad load, String rep, String tag, AtomicLong keysAcknowledged) {
        String key = UUID.randomUUID().toString();
        String word = UUID.randomUUID().toString().replace("-", "");
        String body = """
                {"firstName":"Fault","lastName":"%s","companyName":"Company %s","email":"%s@faults.example.org",
                 "source":"WEB","topic":"%s"}""".formatted(word.substring(0, 12), word, word, tag);
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(giveUp)) {
            SalesLoad.Reply reply = load.send(rep, "POST", "/api/leads", body, Map.of("Idempotency-Key", key));
            if (counted(reply, "POST /api/leads") == 201) {
                keysAcknowledged.incrementAndGet();
                return UUID.fromString(reply.body().path("id").asString());
            }
            if (!retryable(reply.status())) {
                return null;
            }
            SalesLoad.pause(reply.status() == 503 || reply.status() == 429 ? 1000 : 300);
        }
        unexpected.add("POST /api/leads never acknowledged in 2 min");
        return null;
    }

    /** Qualifies until 202, or a 409 after an attempt whose answer was lost (it did qualify). */
    private boolean qualify(SalesLoad load, String rep, UUID lead) {
        boolean ambiguous = false;
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(giveUp)) {
            SalesLoad.Reply reply = load.send(rep, "POST", "/api/leads/" + lead + "/qualify",
                    SalesLoad.qualificationBody(lead), null);
            int status = counted(reply, "POST /api/leads/{id}/qualify");
            if (status == 202 || (status == 409 && ambiguous)) {
                return true;
            }
            if (!retryable(status)) {
                return false;
            }
            ambiguous |= status != 429;
            SalesLoad.pause(status == 503 || status == 429 ? 1000 : 300);
        }
        unexpected.add("qualify " + lead + " never acknowledged in 2 min");
        return false;
    }

    /** Records the answer; anything but 2xx, 409, 429, 503 (or a refused connection) is unexpected. */
    private int counted(SalesLoad.Reply reply, String what) {
        int status = reply.status();
        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        boolean fine = (status >= 200 && status < 300) || status == 409 || status == 429 || status == 503
                || status == SalesLoad.NO_ANSWER;
        if (!fine) {
            unexpected.add(what + " → " + status + " " + reply.body());
            if (status >= 500) {
                unexpected5xx.incrementAndGet();
            }
        }
        return status;
    }

    private static boolean retryable(int status) {
        return status == 409 || status == 429 || status >= 500 || status == SalesLoad.NO_ANSWER
                || status == SalesLoad.HUNG;
    }

    private static Map<String, Long> pids(Suite suite) {
        Map<String, Long> pids = new TreeMap<>();
        for (Suite.ProcessStatus status : suite.status()) {
            if (SuiteConfig.processNames().contains(status.name())) {
                pids.put(status.name(), status.pid());
            }
        }
        return pids;
    }

    private static long idleInTransaction(Ledger ledger, Suite suite) {
        long[] count = new long[1];
        String prefix = suite.config().databaseName("lead-service").replace("_lead", "_");
        ledger.onServer("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' AND datname LIKE '"
                + prefix + "%'", rs -> count[0] = rs.getLong(1));
        return count[0];
    }

    /** Sessions idle in a transaction happen for an instant under load; a leaked one stays. Waits up to 30 s. */
    private static long awaitZero(java.util.function.LongSupplier value) {
        Instant end = Instant.now().plus(Duration.ofSeconds(30));
        long last = value.getAsLong();
        while (last != 0 && Instant.now().isBefore(end)) {
            SalesLoad.pause(1000);
            last = value.getAsLong();
        }
        return last;
    }

    /**
     * {@code r2dbc.pool.acquired} of a service's pool (connections handed out and not yet given back), from its
     * Prometheus endpoint; fails when the service does not publish it, so the check cannot pass by absence.
     */
    private static double acquiredConnections(Suite suite, String service) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + suite.config().port(service) + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        String metrics = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("r2dbc_pool_acquired_connections"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .reduce(Double::sum)
                .orElseThrow(() -> new AssertionError(service + " publishes no r2dbc_pool_acquired_connections"));
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
}
