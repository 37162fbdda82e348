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

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one Gatling simulation in its own JVM (io.gatling.app.Gatling, the class the Maven plugin runs) with the
 * bench classpath, and reads the figures back from the report's statistics table. A separate JVM keeps the load
 * generator's heap and threads apart from the runner's, and leaves one HTML report per run under
 * {@code <run dir>/gatling/}.
 */
final class GatlingRun {

    /** The Gatling JVM running now, if any, so that stopping the bench (Ctrl-C) stops it too. */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static volatile boolean stopping;

    /** Stops the Gatling JVM running now and refuses to start another (the bench is being stopped). */
    static void stopRunning() {
        stopping = true;
        RUNNING.forEach(Process::destroyForcibly);
    }

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
        if (stopping) {
            throw new IllegalStateException("the bench is stopping: no more Gatling runs");
        }
        try {
            Files.createDirectories(resultsRoot);
            Files.createDirectories(logDir);
            List<Path> before = reports();
            List<String> command = new ArrayList<>();
            command.add(dev.salescrm.launcher.Suite.javaCommand());
            // The load generator shares the two cores with what it measures: a fixed, modest heap and a
            // throughput collector keep its own pauses short and its footprint steady from run to run.
            command.addAll(List.of("-Xms512m", "-Xmx1g", "-XX:+UseParallelGC", "-Dgatling.data.enableAnalytics=false",
                    "-Dgatling.data.console.writePeriod=10",
                    // what gatling-maven-plugin passes: Gatling reaches into these JDK internals
                    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"));
            properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.gatling.app.Gatling",
                    "--simulation", "dev.salescrm.bench.simulation." + simulation,
                    "--results-folder", resultsRoot.toString(),
                    "--run-description", description,
                    "--launcher", "maven", "--build-tool-version", "3.9"));
            Path log = logDir.resolve("gatling-" + slug(description) + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            RUNNING.add(process);
            if (stopping) {
                process.destroyForcibly();
            }
            // Bounded: the run's own length, plus time for the JVM to start and the report to be written.
            long bound = Long.parseLong(properties.getOrDefault("bench.seconds", "60")) + 300;
            try {
                if (!process.waitFor(bound, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("Gatling did not finish in " + bound + " s: " + log);
                }
            } finally {
                RUNNING.remove(process);
            }
            List<Path> after = reports();
            after.removeAll(before);
            if (after.isEmpty()) {
                throw new IllegalStateException("Gatling wrote no report (exit " + process.exitValue() + "); see " + log
                        + ":\n" + tail(log));
            }
            // Exit status 2 means assertions failed; we set none, so only a crash is non-zero.
            // A saturation run lasts exactly bench.seconds (all users start at once); a rate run too.
            double seconds = Double.parseDouble(properties.getOrDefault("bench.seconds", "0"));
            return read(after.getFirst(), seconds);
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

    /**
     * The statistics table of the report's index.html: the "All Requests" row and one row per request name
     * (Gatling 3.15 writes them only there and into its binary simulation.log). Times are whole milliseconds.
     * Throughput is count / {@code seconds} when the run's length is known (the table rounds it to whole
     * requests per second), else the table's.
     */
    static Result read(Path report, double seconds) throws IOException {
        String html = Files.readString(report.resolve("index.html"));
        Pattern row = Pattern.compile("<tr id=\"([^\"]+)\"[^>]*>(.*?)</tr>", Pattern.DOTALL);
        Pattern name = Pattern.compile("class=\"ellipsed-name\">(.*?)</span>", Pattern.DOTALL);
        Pattern cell = Pattern.compile("class=\"value [a-z]+ col-(\\d+)\">([^<]*)</td>");
        Stats all = null;
        Map<String, Stats> requests = new LinkedHashMap<>();
        Matcher rows = row.matcher(html);
        while (rows.find()) {
            Matcher n = name.matcher(rows.group(2));
            if (!n.find()) {
                continue;
            }
            Map<Integer, String> cells = new java.util.HashMap<>();
            Matcher c = cell.matcher(rows.group(2));
            while (c.find()) {
                cells.put(Integer.parseInt(c.group(1)), c.group(2).strip());
            }
            if (cells.isEmpty()) {
                continue;
            }
            long total = number(cells.get(2));
            double rps = seconds > 0 ? total / seconds : number(cells.get(6));
            Stats stats = new Stats(unescape(n.group(1).strip()), number(cells.get(3)), number(cells.get(4)), rps,
                    number(cells.get(13)), number(cells.get(8)), number(cells.get(9)), number(cells.get(10)),
                    number(cells.get(11)), number(cells.get(12)), report);
            if ("ROOT".equals(rows.group(1))) {
                all = stats;
            } else {
                requests.putIfAbsent(stats.name(), stats);
            }
        }
        if (all == null) {
            throw new IllegalStateException("no statistics table in " + report.resolve("index.html"));
        }
        return new Result(all, requests);
    }

    private static long number(String text) {
        if (text == null || text.isEmpty() || text.equals("-")) {
            return 0;
        }
        try {
            return Math.round(Double.parseDouble(text.replace(",", "")));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#x27;", "'").replace("&amp;", "&");
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
