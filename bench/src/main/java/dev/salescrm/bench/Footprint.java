package dev.salescrm.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.salescrm.launcher.PidFile;
import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.SuiteConfig;

/**
 * P4: per app (identity, the five services, the gateway), the time from process start to ready
 * ({@code /actuator/health/readiness} 200) and the resident set size after load, started as the launcher starts
 * it ({@code java <SuiteConfig.DEFAULT_JVM_OPTIONS> -jar <fat jar>}) and with a JDK 25 AOT cache (JEP 483/514):
 * the jar extracted ({@code -Djarmode=tools extract}, so the classes are on the plain class path the cache can
 * hold), one training run with {@code -XX:AOTCacheOutput} that exits after the context refresh (as
 * docker/Dockerfile does), then {@code -XX:AOTCache}. The apps are restarted one at a time on the otherwise
 * running suite, so each start has the machine to itself (two cores are shared otherwise). RSS is VmRSS from
 * /proc/&lt;pid&gt;/status.
 */
final class Footprint implements Bench.Scenario {

    static final String TITLE = "P4 footprint: time to ready and RSS, without and with an AOT cache";
    private static final List<ProcessHandle> OWN = new ArrayList<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @Override
    public String title() {
        return TITLE;
    }

    @Override
    public void run(Context c) throws Exception {
        List<String> apps = SuiteConfig.processNames();
        // RSS after load as the launcher runs them: after P1–P3 if they ran, else after a short load now.
        if (!c.loaded) {
            load(c, "before restarts");
        }
        Map<String, Long> rssDefault = rssOfAll(c, apps);

        Map<String, Double> readyDefault = new LinkedHashMap<>();
        Map<String, Double> readyAot = new LinkedHashMap<>();
        Map<String, Long> rssIdleDefault = new LinkedHashMap<>();
        Map<String, Long> rssIdleAot = new LinkedHashMap<>();
        Path aotDir = c.runDir.resolve("aot");
        for (String app : apps) {
            stopSuiteProcess(c, app);
            List<String> defaultJvm = new ArrayList<>(c.config.serviceJvmOptions());
            // 1. as the launcher starts it
            List<String> plain = new ArrayList<>(List.of(Suite.javaCommand()));
            plain.addAll(defaultJvm);
            plain.addAll(List.of("-jar", c.config.jar(app).toString()));
            ProcessHandle p = start(c, app, plain);
            readyDefault.put(app, awaitReady(c, app, p));
            rssIdleDefault.put(app, Machine.rssMiB(p.pid()));
            stop(p);

            // 2. extracted jar, training run, AOT cache
            Path extracted = extract(c, app, aotDir.resolve(app));
            Path cache = aotDir.resolve(app + ".aot");
            List<String> training = new ArrayList<>(List.of(Suite.javaCommand()));
            training.addAll(defaultJvm);
            training.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-Xlog:aot=error", "-Dspring.context.exit=onRefresh",
                    "-jar", extracted.toString()));
            ProcessHandle t = start(c, app, training);
            // The JVM assembles the cache in a child process when the training run exits (JEP 514).
            if (t.onExit().toCompletableFuture().completeOnTimeout(null, 240, TimeUnit.SECONDS).join() == null) {
                t.destroyForcibly();
                throw new IllegalStateException(app + ": the training run did not exit in 240 s");
            }
            if (!Files.isRegularFile(cache)) {
                throw new IllegalStateException(app + ": the training run wrote no AOT cache; see " + c.config.logFile(app));
            }
            List<String> withCache = new ArrayList<>(List.of(Suite.javaCommand()));
            withCache.addAll(defaultJvm);
            withCache.addAll(List.of("-XX:AOTCache=" + cache, "-jar", extracted.toString()));
            ProcessHandle a = start(c, app, withCache);
            readyAot.put(app, awaitReady(c, app, a));
            rssIdleAot.put(app, Machine.rssMiB(a.pid()));
            System.out.printf("    %-20s ready %.2f s → %.2f s with the AOT cache; RSS at ready %d → %d MiB%n", app,
                    readyDefault.get(app), readyAot.get(app), rssIdleDefault.get(app), rssIdleAot.get(app));
            // stays running as the suite's process (pid file updated by start)
        }
        Stats loadErrors = load(c, "with AOT caches");
        Map<String, Long> rssAot = rssOfAll(c, apps);

        for (String app : apps) {
            double ratio = readyAot.get(app) / readyDefault.get(app);
            boolean readyOk = readyAot.get(app) <= 3.0;
            boolean rssOk = rssAot.get(app) <= 300;
            c.report.figure(TITLE, new Report.Figure(app + ": time to ready, launcher default → AOT cache",
                    String.format("%.2f s", readyAot.get(app)), String.format("default %.2f s", readyDefault.get(app)),
                    Report.ratio(ratio), "≤ 3 s with the cache",
                    Report.verdict(readyOk, String.format("%.2f s over", readyAot.get(app) - 3.0))));
            c.report.figure(TITLE, new Report.Figure(app + ": RSS after load (at ready), default → AOT cache",
                    rssAot.get(app) + " MiB (" + rssIdleAot.get(app) + ")",
                    "default " + rssDefault.get(app) + " MiB (" + rssIdleDefault.get(app) + ")",
                    Report.ratio((double) rssAot.get(app) / rssDefault.get(app)), "≤ 300 MB after load",
                    Report.verdict(rssOk, (rssAot.get(app) - 300) + " MiB over")));
        }
        c.report.note(TITLE, "load for RSS: " + loadDescription() + "; the AOT-cache load had "
                + (loadErrors.ko() == 0 ? "no errors" : loadErrors.ko() + " failed requests")
                + ". catalog- and billing-service get no requests in it (RSS after start and idle Kafka consumers)");
        c.report.note(TITLE, "times to ready are measured one app at a time, with the rest of the suite up and idle; "
                + "./crm up starts six JVMs at once on two cores, where each takes several times longer");
        c.loaded = true;
    }

    private static String loadDescription() {
        return "GET /api/leads/{id} and POST /api/leads through the gateway at saturation (warm-up length each), "
                + "then 10 qualifications/s for 10 s";
    }

    /** A short mixed load through the gateway: reads, writes and a few sagas (Kafka through every consumer). */
    static Stats load(Context c, String label) {
        Options o = c.options;
        String token = c.api.token("alice");
        List<?> ids = c.api.createLeads(c.gatewayUrl(), token, "p4" + label.replaceAll("[^a-z]", ""), 120);
        Path idsFile = c.lines("p4-ids-" + GatlingRun.slug(label) + ".txt", ids.subList(0, 20));
        Path qualifyFile = c.lines("p4-qualify-" + GatlingRun.slug(label) + ".txt", ids.subList(20, 120));
        Stats get = c.gatling("GetLeadSimulation", "P4 load GET " + label, "alice", Context.props("bench.target",
                c.gatewayUrl(), "bench.ids", idsFile, "bench.model", "saturate", "bench.users", o.users(),
                "bench.seconds", o.warmupSeconds())).all();
        Stats post = c.gatling("CreateLeadSimulation", "P4 load POST " + label, "alice", Context.props("bench.target",
                c.gatewayUrl(), "bench.model", "saturate", "bench.users", o.users(), "bench.seconds", o.warmupSeconds(),
                "bench.run", "p4" + GatlingRun.slug(label).replace("-", ""))).all();
        Stats qualify = c.gatling("QualifySimulation", "P4 load qualify " + label, "alice", Context.props("bench.target",
                c.gatewayUrl(), "bench.ids", qualifyFile, "bench.model", "rate", "bench.rate", 10, "bench.seconds", 10)).all();
        Context.sleep(3000);   // let the sagas finish and the relays publish
        return new Stats("load", get.ok() + post.ok() + qualify.ok(), get.ko() + post.ko() + qualify.ko(), 0, 0, 0, 0, 0,
                0, 0, get.report());
    }

    private static Map<String, Long> rssOfAll(Context c, List<String> apps) {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (String app : apps) {
            rss.put(app, new PidFile(c.config.pidFile(app)).read().stream().map(Machine::rssMiB).findFirst().orElse(-1L));
        }
        return rss;
    }

    private static void stopSuiteProcess(Context c, String app) {
        Optional<ProcessHandle> running = new PidFile(c.config.pidFile(app)).liveProcess();
        running.ifPresent(Footprint::stop);
    }

    private static void stop(ProcessHandle p) {
        p.destroy();
        if (p.onExit().toCompletableFuture().completeOnTimeout(null, 60, TimeUnit.SECONDS).join() == null) {
            p.destroyForcibly();
        }
        synchronized (OWN) {
            OWN.remove(p);
        }
    }

    /** Starts an app as the launcher would (own session, same environment, log appended), pid file updated. */
    private static ProcessHandle start(Context c, String app, List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            full.add("/usr/bin/setsid");
        }
        full.addAll(command);
        Path log = c.config.logFile(app);
        Files.writeString(log, "\n===== " + Instant.now() + " bench P4 starts " + app + ": " + command + " =====\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(full).directory(c.config.home().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(c.suite.serviceEnvironment(app, c.pg.database(), c.config.kafkaBootstrap()));
        ProcessHandle handle = builder.start().toHandle();
        new PidFile(c.config.pidFile(app)).write(handle.pid());
        synchronized (OWN) {
            OWN.add(handle);
        }
        return handle;
    }

    /** Seconds from now (just after the spawn) until readiness answers 200; polls every 25 ms. */
    private static double awaitReady(Context c, String app, ProcessHandle p) {
        long start = p.info().startInstant().map(Instant::toEpochMilli).orElse(System.currentTimeMillis());
        URI uri = URI.create(c.url(app) + "/actuator/health/readiness");
        Instant deadline = Instant.now().plusSeconds(240);
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new IllegalStateException(app + " exited before it was ready; see " + c.config.logFile(app));
            }
            try {
                var response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return (System.currentTimeMillis() - start) / 1000.0;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            Context.sleep(25);
        }
        throw new IllegalStateException(app + " not ready in 240 s; see " + c.config.logFile(app));
    }

    /** {@code java -Djarmode=tools -jar app.jar extract}: the app's jar and lib/ side by side; returns the jar. */
    private static Path extract(Context c, String app, Path dir) throws IOException, InterruptedException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            WritePath.run(c.runDir.resolve("logs").resolve("extract-" + app + ".log"), Suite.javaCommand(),
                    "-Djarmode=tools", "-jar", c.config.jar(app).toString(), "extract", "--destination", dir.toString());
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jar extracted into " + dir));
        }
    }

    static void stopOwnProcesses() {
        List<ProcessHandle> copy;
        synchronized (OWN) {
            copy = new ArrayList<>(OWN);
        }
        copy.stream().filter(ProcessHandle::isAlive).forEach(Footprint::stop);
    }
}
