package dev.salescrm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.salescrm.launcher.Suite;

/** The machine a run measured, for the summary's header: a ratio means little without it. */
final class Machine {

    private Machine() {
    }

    static void describe(Context context, Suite.UpResult up, List<String> scenarios) {
        Report r = context.report;
        r.header("- run: " + Instant.now() + " (UTC), scenarios " + scenarios + "; " + context.options);
        r.header("- CPU: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores visible; memory "
                + memTotal() + "; load average at the start: " + loadAverage()
                + " (other work on the machine shows here: every figure is a ratio to a baseline from this run)");
        r.header("- JDK " + Runtime.version() + "; services with " + context.config.serviceJvmOptions()
                + "; PostgreSQL " + context.pg.row("postgres", "SHOW server_version").getFirst() + " ("
                + up.database().kind().name().toLowerCase() + " server " + up.database().host() + ":"
                + up.database().port() + "); Gatling 3.15.1 in its own JVM on the same machine");
        List<String> overrides = System.getenv().keySet().stream()
                .filter(k -> k.startsWith("SPRING_") || k.startsWith("CRM_") || k.startsWith("BENCH_")).sorted()
                .map(k -> k + "=" + System.getenv(k)).toList();
        r.header("- environment overrides in effect (inherited by every app): " + overrides);
        r.header("- nginx: " + command("nginx", "-v").orElse("not installed") + "; pgbench: "
                + command("pgbench", "--version").orElse("not installed"));
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB")
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The first line a command prints (stdout or stderr), if it runs; empty when it is not installed. */
    static Optional<String> command(String... command) {
        Optional<Path> binary = which(command[0]);
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        try {
            String[] full = command.clone();
            full[0] = binary.get().toString();
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            return Optional.of(out.lines().findFirst().orElse(""));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A binary on PATH, or in the usual Debian places (nginx is in /usr/sbin, off a user's PATH). */
    static Optional<Path> which(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin:/usr/bin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }

    /** VmRSS of a process in MiB, or -1 when it is gone. */
    static long rssMiB(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }
}
