package dev.salescrm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.FreePorts;
import dev.salescrm.launcher.SuiteConfig;

/**
 * {@code ./crm bench [scenario ...]}: starts its own suite (temporary home under the run directory, free ports,
 * its own database prefix and Kafka broker, like the system tests), runs the scenarios — each measured against a
 * baseline from the same run — writes {@code bench/target/bench-<timestamp>/summary.md} and the Gatling HTML
 * reports beside it, then stops everything it started and drops its databases.
 */
public final class Bench {

    /** Scenario name → what runs it, in the order of a full run (P4 restarts the apps, so it follows the load). */
    private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("p1", new GatewayOverhead());
        SCENARIOS.put("p2", new WritePath());
        SCENARIOS.put("p3", new SagaLatency());
        SCENARIOS.put("p4", new Footprint());
        SCENARIOS.put("p5", new Scale());
    }

    interface Scenario {
        String title();

        void run(Context context) throws Exception;
    }

    /** The gateway's per-user rate limit would cap a benchmark at 50 requests/s; ./crm bench lifts it. */
    static final String RATE_LIMIT_ENV = "CRM_GATEWAY_RATE_LIMIT_REPLENISH_RATE";

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> chosen = new ArrayList<>();
        for (String arg : args) {
            String name = arg.toLowerCase(Locale.ROOT);
            if (name.equals("all")) {
                chosen.addAll(SCENARIOS.keySet());
            } else if (SCENARIOS.containsKey(name)) {
                chosen.add(name);
            } else {
                System.err.println("crm bench: unknown scenario " + arg + " (one of " + SCENARIOS.keySet() + ", all)");
                System.exit(2);
            }
        }
        if (chosen.isEmpty()) {
            chosen.addAll(SCENARIOS.keySet());
        }
        if (System.getenv(RATE_LIMIT_ENV) == null) {
            System.err.println("crm bench: " + RATE_LIMIT_ENV + " is not set: the gateway would rate-limit the load "
                    + "to 50 requests/s per user. Run it through ./crm bench, which sets it.");
            System.exit(2);
        }
        Path repo = Path.of(System.getProperty("crm.repo", ".")).toAbsolutePath().normalize();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path runDir = repo.resolve("bench").resolve("target").resolve("bench-" + stamp);
        Files.createDirectories(runDir);
        Options options = Options.fromEnvironment();
        Report report = new Report(runDir.resolve("summary.md"));
        System.out.println("crm bench: scenarios " + chosen + " (" + options + ")");
        System.out.println("crm bench: results in " + runDir);

        Suite suite = new Suite(isolatedConfig(runDir.resolve("suite"), repo));
        // On Ctrl-C or kill: the same clean-up, with whatever context exists by then (nginx, P4's apps, pgbench's db).
        Thread stopper = new Thread(() -> stop(suite, current), "bench-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        Context context = null;
        Instant started = Instant.now();
        int failures = 0;
        try {
            Suite.UpResult up = suite.up();
            context = new Context(suite, new Pg(up.database()), runDir, options, report);
            current = context;
            Machine.describe(context, up, chosen);
            firstRequests(context);
            for (String name : chosen) {
                Scenario scenario = SCENARIOS.get(name);
                System.out.println("\n== " + scenario.title());
                Instant start = Instant.now();
                try {
                    scenario.run(context);
                } catch (Exception | Error e) {
                    failures++;
                    e.printStackTrace();
                    report.note(scenario.title(), "**scenario failed**: " + e);
                }
                report.note(scenario.title(), "took " + Duration.between(start, Instant.now()).toSeconds() + " s");
            }
            report.header("- load average at the end: " + Machine.loadAverage()
                    + "; whole run " + Duration.between(started, Instant.now()).toMinutes() + " min");
        } finally {
            stop(suite, context);
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException alreadyShuttingDown) {
                // stopped by a signal: the hook is running (and finds everything stopped)
            }
        }
        System.out.println("\ncrm bench: summary " + runDir.resolve("summary.md") + ", Gatling reports under "
                + runDir.resolve("gatling"));
        System.exit(failures == 0 ? 0 : 1);
    }

    /**
     * A just-started suite answers its first requests slowly (class loading, JIT, connection pools, Kafka
     * metadata): a few of each kind, retried until they succeed, before anything is seeded or measured. Each
     * scenario still warms up its own path before measuring it.
     */
    private static void firstRequests(Context c) {
        String token = c.api.token("alice");
        for (int i = 0; i < 30; i++) {
            var created = c.api.postWithRetries(c.gatewayUrl() + "/api/leads", token, Api.leadBody("first", i));
            if (created.status() != 201) {
                throw new IllegalStateException("the suite does not create leads: " + created.status() + " " + created.body());
            }
            String id = created.json().get("id").asString();
            c.api.send("GET", c.gatewayUrl() + "/api/leads/" + id, token, null);
            c.api.send("GET", c.url("lead-service") + "/api/leads/" + id, token, null);
            c.api.send("GET", c.gatewayUrl() + "/api/leads?limit=50", token, null);
        }
    }

    private static volatile boolean stopped;
    private static volatile Context current;

    private static synchronized void stop(Suite suite, Context context) {
        if (stopped) {
            return;
        }
        stopped = true;
        System.out.println("crm bench: stopping the suite and dropping its databases");
        try {
            GatlingRun.stopRunning();
            if (context != null) {
                Footprint.stopOwnProcesses();
                Nginx.stopAll();
            }
            suite.down();
        } finally {
            suite.dropDatabases();
            if (context != null) {
                for (String db : context.extraDatabases) {
                    try {
                        context.pg.database().dropIfExists(db);
                    } catch (Exception e) {
                        System.err.println("cannot drop " + db + ": " + e);
                    }
                }
            }
        }
    }

    /** As the system tests' SystemUnderTest.isolatedConfig: free ports, own prefix, own broker. */
    static SuiteConfig isolatedConfig(Path home, Path repo) throws IOException {
        SuiteConfig.Builder builder = new FreePorts().assignTo(SuiteConfig.builder(home, repo))
                .dbPrefix("bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10))
                .externalKafka(null)
                .externalDbUrl(System.getenv("CRM_DB_URL"))
                .readinessTimeout(Duration.ofSeconds(600));   // a busy two-core machine takes minutes
        // For tuning runs: the JVM options of every app instead of the launcher's default (BENCH_JVM_OPTIONS).
        String jvm = System.getenv("BENCH_JVM_OPTIONS");
        if (jvm != null && !jvm.isBlank()) {
            builder.serviceJvmOptions(List.of(jvm.strip().split("\\s+")));
        }
        return builder.build();
    }
}
