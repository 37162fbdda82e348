package dev.salescrm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.SuiteConfig;

/** What every scenario works with: the running suite, its database, the API, the run directory and the report. */
final class Context {

    final Suite suite;
    final SuiteConfig config;
    final Pg pg;
    final Api api;
    final Path runDir;
    final Options options;
    final Report report;
    final GatlingRun gatling;
    /** Databases made by the bench itself (pgbench's copy), dropped with the suite's at the end. */
    final List<String> extraDatabases = new ArrayList<>();
    /** Whether the suite has carried load yet (P4 measures RSS after load, and loads it itself if not). */
    boolean loaded;

    Context(Suite suite, Pg pg, Path runDir, Options options, Report report) {
        this.suite = suite;
        this.config = suite.config();
        this.pg = pg;
        this.api = new Api(config.issuer());
        this.runDir = runDir;
        this.options = options;
        this.report = report;
        this.gatling = new GatlingRun(runDir);
    }

    String gatewayUrl() {
        return url(SuiteConfig.GATEWAY);
    }

    String url(String process) {
        return "http://127.0.0.1:" + config.port(process);
    }

    String leadDb() {
        return config.databaseName("lead-service");
    }

    /** Writes values one a line into the run directory (feeder files for Gatling). */
    Path lines(String name, Collection<?> values) {
        try {
            Path file = runDir.resolve("data").resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, values.stream().map(String::valueOf).toList());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Gatling run; {@code bench.token} is fetched fresh for {@code user}. */
    GatlingRun.Result gatling(String simulation, String description, String user, Map<String, String> properties) {
        var all = new java.util.LinkedHashMap<>(properties);
        all.put("bench.token", api.token(user));
        System.out.println("  gatling: " + description);
        GatlingRun.Result result = gatling.run(simulation, description, all);
        System.out.println("    " + result.all().brief());
        return result;
    }

    static Map<String, String> props(Object... keyValues) {
        var map = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(String.valueOf(keyValues[i]), String.valueOf(keyValues[i + 1]));
        }
        return map;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
