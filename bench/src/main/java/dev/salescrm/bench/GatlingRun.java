package dev.salescrm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one Gatling simulation in its own JVM (io.gatling.app.Gatling, the class the Maven plugin runs) with the
 * bench classpath, and reads the figures back from the report's js/stats.json. A separate JVM keeps the load
 * generator's heap and threads apart from the runner's, and leaves one HTML report per run under
 * {@code <run dir>/gatling/}.
 */
final class GatlingRun {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path resultsRoot;
    private final Path logDir;

    GatlingRun(Path runDir) {
        this.resultsRoot = runDir.resolve("gatling");
        this.logDir = runDir.resolve("logs");
    }

    /** The whole-run figures ("All Requests") and one entry per request name, in report order. */
    record Result(Stats all, Map<String, Stats> requests) {
        Stats request(String name) {
            Stats stats = requests.get(name);
            if (stats == null) {
                throw new IllegalStateException("no request named '" + name + "' in " + all.report()
                        + " (have " + requests.keySet() + ")");
            }
            return stats;
        }
    }

    Result run(String simulation, String description, Map<String, String> properties) {
        try {
            Files.createDirectories(resultsRoot);
            Files.createDirectories(logDir);
            List<Path> before = reports();
            List<String> command = new ArrayList<>();
            command.add(dev.salescrm.launcher.Suite.javaCommand());
            // The load generator shares the two cores with what it measures: a fixed, modest heap and a
            // throughput collector keep its own pauses short and its footprint steady from run to run.
            command.addAll(List.of("-Xms512m", "-Xmx1g", "-XX:+UseParallelGC", "-Dgatling.data.enableAnalytics=false",
                    "-Dgatling.data.console.writePeriod=10"));
            properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.gatling.app.Gatling",
                    "--simulation", "dev.salescrm.bench.simulation." + simulation,
                    "--results-folder", resultsRoot.toString(),
                    "--run-description", description,
                    "--launcher", "maven", "--build-tool-version", "3.9"));
            Path log = logDir.resolve("gatling-" + slug(description) + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("Gatling did not finish in 30 minutes: " + log);
            }
            List<Path> after = reports();
            after.removeAll(before);
            if (after.isEmpty()) {
                throw new IllegalStateException("Gatling wrote no report (exit " + process.exitValue() + "); see " + log
                        + ":\n" + tail(log));
            }
            // Exit status 2 means assertions failed; we set none, so only a crash is non-zero.
            return read(after.getFirst());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private List<Path> reports() throws IOException {
        try (Stream<Path> dirs = Files.list(resultsRoot)) {
            return new ArrayList<>(dirs.filter(Files::isDirectory).sorted(Comparator.naturalOrder()).toList());
        }
    }

    static Result read(Path report) throws IOException {
        String text = Files.readString(report.resolve("js").resolve("stats.json"));
        JsonNode root = JSON.readTree(text.substring(text.indexOf('{')));
        Stats all = stats(root.get("stats"), report);
        Map<String, Stats> requests = new LinkedHashMap<>();
        JsonNode contents = root.get("contents");
        if (contents != null) {
            for (JsonNode entry : contents) {
                Stats s = stats(entry.get("stats"), report);
                requests.put(s.name(), s);
            }
        }
        return new Result(all, requests);
    }

    private static Stats stats(JsonNode s, Path report) {
        return new Stats(s.get("name").asString(),
                total(s, "numberOfRequests", "ok"), total(s, "numberOfRequests", "ko"),
                number(s.get("meanNumberOfRequestsPerSecond").get("total")),
                total(s, "meanResponseTime", "total"),
                total(s, "percentiles1", "total"), total(s, "percentiles2", "total"),
                total(s, "percentiles3", "total"), total(s, "percentiles4", "total"),
                total(s, "maxResponseTime", "total"), report);
    }

    private static double number(JsonNode value) {
        return value.isNumber() ? value.asDouble() : Double.parseDouble(value.asString());
    }

    private static long total(JsonNode s, String field, String which) {
        JsonNode node = s.get(field);
        if (node == null) {
            return -1;
        }
        JsonNode value = node.get(which);
        if (value == null) {
            return -1;
        }
        if (value.isNumber()) {
            return value.asLong();
        }
        try {
            return Math.round(Double.parseDouble(value.asString()));   // Gatling writes some figures as strings
        } catch (NumberFormatException e) {
            return -1;                                                  // "-": no such figure (e.g. no KO)
        }
    }

    static String slug(String text) {
        return text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }
}
