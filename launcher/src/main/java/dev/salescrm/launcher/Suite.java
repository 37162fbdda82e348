package dev.salescrm.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The whole CRM as local processes: PostgreSQL (an external server, the machine's own, or an embedded one in
 * its own JVM), a Kafka broker in its own JVM, the identity issuer, the five services and the gateway. Every
 * process is started detached (own session) with its pid under {@code <home>/pids} and its output under
 * {@code <home>/logs}, so they outlive the launcher; {@link #down()} stops exactly what the pid files name.
 */
public final class Suite {

    static {
        // The launcher talks to Kafka through an AdminClient; keep its INFO chatter out of the console.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration POSTGRES_START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration KAFKA_START_TIMEOUT = Duration.ofSeconds(120);

    private final SuiteConfig config;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public Suite(SuiteConfig config) {
        this(config, System.out);
    }

    public Suite(SuiteConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    public SuiteConfig config() {
        return config;
    }

    /** What {@link #up()} found and did. */
    public record UpResult(Database database, Map<String, Long> pids, List<String> started, String gatewayUrl) {
    }

    /** One line of {@link #status()}. */
    public record ProcessStatus(String name, boolean up, int port, Long pid, String note) {
        @Override
        public String toString() {
            return String.format("%-20s %-5s %-6s %-8s %s", name, up ? "up" : "down", port > 0 ? port : "-",
                    pid == null ? "-" : pid, note == null ? "" : note).stripTrailing();
        }
    }

    /** Thrown when a process cannot be started or does not become ready; the message carries its log tail. */
    public static final class SuiteException extends RuntimeException {
        public SuiteException(String message) {
            super(message);
        }

        public SuiteException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    // ------------------------------------------------------------------------------------------------ up

    /**
     * Starts whatever is not running and waits until everything is ready. Processes already running (live pid,
     * ready) are left alone. Throws {@link SuiteException} if something fails or is not ready in time.
     */
    public UpResult up() {
        mkdirs();
        List<String> started = new ArrayList<>();
        Map<String, Long> pids = new LinkedHashMap<>();

        Database db = ensureDatabase(started, pids);
        for (String service : SuiteConfig.SERVICES) {
            String name = config.databaseName(service);
            try {
                if (db.createIfMissing(name)) {
                    out.println("created database " + name);
                }
            } catch (SQLException e) {
                throw new SuiteException("cannot create database " + name + " on " + db.host() + ":" + db.port()
                        + ": " + e.getMessage(), e);
            }
        }

        String bootstrap = ensureKafka(started, pids);

        Instant deadline = Instant.now().plus(config.readinessTimeout());
        // The issuer first: services and gateway are told to trust it, and may fetch its keys at start.
        Map<String, ProcessHandle> identity = new LinkedHashMap<>();
        identity.put(SuiteConfig.IDENTITY, startOrAdopt(SuiteConfig.IDENTITY, db, bootstrap, started, pids));
        awaitReady(identity, deadline);
        Map<String, ProcessHandle> waiting = new LinkedHashMap<>();
        for (String name : SuiteConfig.processNames()) {
            if (!SuiteConfig.IDENTITY.equals(name)) {
                waiting.put(name, startOrAdopt(name, db, bootstrap, started, pids));
            }
        }
        awaitReady(waiting, deadline);
        String gatewayUrl = "http://127.0.0.1:" + config.port(SuiteConfig.GATEWAY);
        return new UpResult(db, pids, started, gatewayUrl);
    }

    /** The running process of that name (left alone), or a newly started one. */
    private ProcessHandle startOrAdopt(String name, Database db, String bootstrap, List<String> started,
            Map<String, Long> pids) {
        Optional<ProcessHandle> running = liveJava(name);
        if (running.isPresent()) {
            pids.put(name, running.get().pid());
            return running.get();
        }
        int port = config.port(name);
        if (Database.portOpen("127.0.0.1", port)) {
            throw new SuiteException(name + ": port " + port + " is taken by a process the launcher did not start");
        }
        Path jar = config.jar(name);
        if (!Files.isRegularFile(jar)) {
            throw new SuiteException(name + ": " + jar + " is missing; build first (./crm up --build)");
        }
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.addAll(config.serviceJvmOptions());
        command.add("-jar");
        command.add(jar.toString());
        ProcessHandle handle = spawn(name, command, serviceEnvironment(name, db, bootstrap));
        out.println("started " + name + " (pid " + handle.pid() + ", port " + port + ")");
        started.add(name);
        pids.put(name, handle.pid());
        return handle;
    }

    /** The environment the launcher gives a process (public: ./crm bench restarts apps with other JVM flags). */
    public Map<String, String> serviceEnvironment(String name, Database db, String kafkaBootstrap) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", Integer.toString(config.port(name)));
        // One issuer for everyone: identity puts it in iss, services and gateway accept only it.
        env.put("CRM_SECURITY_ISSUER", config.issuer());
        if (SuiteConfig.IDENTITY.equals(name)) {
            env.put("CRM_IDENTITY_KEY_FILE", config.identityKeyFile().toString());
        } else if (SuiteConfig.GATEWAY.equals(name)) {
            for (String service : SuiteConfig.SERVICES) {
                String key = "CRM_SERVICES_" + service.replace("-service", "").toUpperCase(java.util.Locale.ROOT);
                env.put(key, "http://127.0.0.1:" + config.port(service));
            }
        } else {
            env.put("CRM_DB_HOST", db.host());
            env.put("CRM_DB_PORT", Integer.toString(db.port()));
            env.put("CRM_DB_USER", db.user());
            env.put("CRM_DB_PASSWORD", db.password());
            env.put("CRM_DB_NAME", config.databaseName(name));
            env.put("CRM_KAFKA_BOOTSTRAP", kafkaBootstrap);
            if ("lead-service".equals(name)) {
                // The duplicate check asks account-service for matching accounts; without this lead-service
                // calls its default 127.0.0.1:8082, which on any other ports is nobody (or another suite).
                env.put("ACCOUNT_SERVICE_URL", "http://127.0.0.1:" + config.port("account-service"));
            }
        }
        return env;
    }

    private void awaitReady(Map<String, ProcessHandle> waiting, Instant deadline) {
        Map<String, ProcessHandle> pending = new LinkedHashMap<>(waiting);
        while (!pending.isEmpty()) {
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                String name = entry.getKey();
                if (!entry.getValue().isAlive()) {
                    new PidFile(config.pidFile(name)).delete();
                    throw new SuiteException(name + " exited before it was ready; last lines of "
                            + config.logFile(name) + ":\n" + tail(config.logFile(name), 40));
                }
                if (ready(name)) {
                    out.println(name + " ready on port " + config.port(name));
                    it.remove();
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                String name = pending.keySet().iterator().next();
                throw new SuiteException("not ready after " + config.readinessTimeout().toSeconds() + " s: "
                        + pending.keySet() + "; last lines of " + config.logFile(name) + ":\n"
                        + tail(config.logFile(name), 40));
            }
            sleep(1000);
        }
    }

    /** Readiness of identity, a service or the gateway: {@code GET /actuator/health/readiness} answers 200. */
    public boolean ready(String name) {
        return httpStatus(config.port(name), "/actuator/health/readiness") == 200;
    }

    int httpStatus(int port, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(3)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    // ------------------------------------------------------------------------------------------ database

    /**
     * CRM_DB_URL if configured (and it must answer: no silent fallback to another server); else the embedded
     * server if it runs already or is forced; else the machine's PostgreSQL if it answers; else embedded.
     */
    private Database ensureDatabase(List<String> started, Map<String, Long> pids) {
        if (config.externalDbUrl() != null) {
            Database db = Database.fromJdbcUrl(config.externalDbUrl());
            if (!db.answers()) {
                throw new SuiteException("CRM_DB_URL " + db.host() + ":" + db.port()
                        + " does not answer; the launcher does not fall back to another server when CRM_DB_URL is set");
            }
            out.println("PostgreSQL: external server " + db.host() + ":" + db.port());
            return db;
        }
        Optional<ProcessHandle> embedded = liveJava(SuiteConfig.POSTGRES);
        if (embedded.isEmpty() && !config.forceEmbeddedDb()) {
            Database local = new Database("127.0.0.1", config.localDbPort(), "postgres", "", Database.Kind.LOCAL);
            if (local.answers()) {
                out.println("PostgreSQL: local server 127.0.0.1:" + config.localDbPort());
                return local;
            }
        }
        Database db = embeddedDatabase();
        if (embedded.isPresent()) {
            pids.put(SuiteConfig.POSTGRES, embedded.get().pid());
            awaitService(SuiteConfig.POSTGRES, embedded.get(), db::answers, POSTGRES_START_TIMEOUT);
            out.println("PostgreSQL: embedded, running (pid " + embedded.get().pid() + ")");
            return db;
        }
        if (Database.portOpen("127.0.0.1", config.embeddedDbPort())) {
            throw new SuiteException("embedded PostgreSQL port " + config.embeddedDbPort()
                    + " is taken by a process the launcher did not start");
        }
        List<String> command = List.of(javaCommand(), "-Xmx128m", "-XX:+UseSerialGC", "-cp", toolClasspath(),
                EmbeddedPostgresMain.class.getName(), config.postgresDir().resolve("data").toString(),
                Integer.toString(config.embeddedDbPort()));
        ProcessHandle handle = spawn(SuiteConfig.POSTGRES, command, Map.of());
        out.println("started embedded PostgreSQL (pid " + handle.pid() + ", port " + config.embeddedDbPort() + ")");
        started.add(SuiteConfig.POSTGRES);
        pids.put(SuiteConfig.POSTGRES, handle.pid());
        awaitService(SuiteConfig.POSTGRES, handle, db::answers, POSTGRES_START_TIMEOUT);
        return db;
    }

    private Database embeddedDatabase() {
        return new Database("127.0.0.1", config.embeddedDbPort(), "postgres", "", Database.Kind.EMBEDDED);
    }

    /** The server the services use, without starting anything (for {@link #dropDatabases()} and status). */
    public Optional<Database> currentDatabase() {
        if (config.externalDbUrl() != null) {
            return Optional.of(Database.fromJdbcUrl(config.externalDbUrl()));
        }
        if (liveJava(SuiteConfig.POSTGRES).isPresent()) {
            return Optional.of(embeddedDatabase());
        }
        if (!config.forceEmbeddedDb()) {
            Database local = new Database("127.0.0.1", config.localDbPort(), "postgres", "", Database.Kind.LOCAL);
            if (local.answers()) {
                return Optional.of(local);
            }
        }
        return Optional.empty();
    }

    /** Drops this suite's databases ({@code <prefix>_lead} …) if the server answers. For tests. */
    public void dropDatabases() {
        Optional<Database> db = currentDatabase();
        if (db.isEmpty()) {
            return;
        }
        for (String service : SuiteConfig.SERVICES) {
            try {
                db.get().dropIfExists(config.databaseName(service));
            } catch (SQLException e) {
                throw new SuiteException("cannot drop " + config.databaseName(service) + ": " + e.getMessage(), e);
            }
        }
    }

    // --------------------------------------------------------------------------------------------- kafka

    private String ensureKafka(List<String> started, Map<String, Long> pids) {
        if (config.externalKafka() != null) {
            out.println("Kafka: external " + config.externalKafka());
            return config.externalKafka();
        }
        String bootstrap = config.kafkaBootstrap();
        Optional<ProcessHandle> running = liveJava(SuiteConfig.KAFKA);
        if (running.isPresent()) {
            pids.put(SuiteConfig.KAFKA, running.get().pid());
            awaitService(SuiteConfig.KAFKA, running.get(), this::kafkaAnswers, KAFKA_START_TIMEOUT);
            return bootstrap;
        }
        for (int port : new int[] {config.kafkaPort(), config.kafkaPort() + 1}) {
            if (Database.portOpen("127.0.0.1", port)) {
                throw new SuiteException("Kafka port " + port + " is taken by a process the launcher did not start"
                        + " (set CRM_KAFKA_BOOTSTRAP to use an existing broker)");
            }
        }
        Path dir = config.kafkaDir();
        Path dataDir = dir.resolve("data");
        Path properties = dir.resolve("server.properties");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(properties, KafkaProperties.serverProperties(config.kafkaPort(), dataDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            formatKafkaStorage(properties);
        }
        List<String> command = List.of(javaCommand(), "-Xmx512m", "-Xms128m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp", toolClasspath(), "kafka.Kafka",
                properties.toString());
        ProcessHandle handle = spawn(SuiteConfig.KAFKA, command, Map.of());
        out.println("started Kafka (pid " + handle.pid() + ", port " + config.kafkaPort() + ")");
        started.add(SuiteConfig.KAFKA);
        pids.put(SuiteConfig.KAFKA, handle.pid());
        awaitService(SuiteConfig.KAFKA, handle, this::kafkaAnswers, KAFKA_START_TIMEOUT);
        return bootstrap;
    }

    /**
     * {@code kafka-storage format} for a static single-voter quorum ({@code controller.quorum.voters}); Kafka 4.1
     * rejects {@code --standalone} together with {@code controller.quorum.voters}, so the flag is not passed.
     */
    private void formatKafkaStorage(Path properties) {
        String clusterId = kafkaClusterId();
        List<String> command = List.of(javaCommand(), "-Xmx256m", "-cp", toolClasspath(), "kafka.tools.StorageTool",
                "format", "-t", clusterId, "-c", properties.toString());
        Path log = config.logFile(SuiteConfig.KAFKA);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SuiteException("Kafka storage format did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new SuiteException("Kafka storage format failed; last lines of " + log + ":\n" + tail(log, 30));
            }
        } catch (IOException e) {
            throw new SuiteException("cannot run Kafka storage format: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SuiteException("interrupted", e);
        }
    }

    /** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding (what {@code random-uuid} prints). */
    static String kafkaClusterId() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(16);
        buffer.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    /** True once the broker answers {@code describeCluster} with a controller. */
    public boolean kafkaAnswers() {
        if (!Database.portOpen("127.0.0.1", config.kafkaPort())) {
            return false;
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "4000");
        try (Admin admin = Admin.create(props)) {
            return admin.describeCluster().controller().get(5, TimeUnit.SECONDS) != null;
        } catch (Exception e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------ processes

    private void awaitService(String name, ProcessHandle handle, java.util.function.BooleanSupplier ready,
            Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready.getAsBoolean()) {
            if (!handle.isAlive()) {
                new PidFile(config.pidFile(name)).delete();
                throw new SuiteException(name + " exited before it was ready; last lines of " + config.logFile(name)
                        + ":\n" + tail(config.logFile(name), 40));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new SuiteException(name + " not ready after " + timeout.toSeconds() + " s; last lines of "
                        + config.logFile(name) + ":\n" + tail(config.logFile(name), 40));
            }
            sleep(500);
        }
    }

    /**
     * Starts a detached process (own session via {@code setsid}, so a Ctrl-C in the launcher's terminal does not
     * reach it), output appended to its log, pid written to its pid file.
     */
    private ProcessHandle spawn(String name, List<String> command, Map<String, String> env) {
        Path log = config.logFile(name);
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            full.add("/usr/bin/setsid");
        }
        full.addAll(command);
        try {
            Files.writeString(log, "\n===== " + Instant.now() + " launcher starts " + name + " =====\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(full)
                    .directory(config.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            Process process = builder.start();
            new PidFile(config.pidFile(name)).write(process.pid());
            return process.toHandle();
        } catch (IOException e) {
            throw new SuiteException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The process named by the pid file, if it is alive and still a java process (guards against a recycled pid
     * after a reboot or crash).
     */
    Optional<ProcessHandle> liveJava(String name) {
        PidFile pidFile = new PidFile(config.pidFile(name));
        Optional<ProcessHandle> handle = pidFile.liveProcess();
        if (handle.isPresent()) {
            Optional<String> command = handle.get().info().command();
            if (command.isPresent() && !command.get().endsWith("java")) {
                return Optional.empty();
            }
        }
        return handle;
    }

    // ---------------------------------------------------------------------------------------------- down

    /**
     * Stops everything the launcher started: gateway and services first, then identity, then Kafka, then the
     * embedded PostgreSQL. TERM, wait, then KILL. Never touches a PostgreSQL server the launcher did not start.
     * Returns the names of the processes it stopped.
     */
    public List<String> down() {
        List<String> stopped = new ArrayList<>();
        List<String> apps = new ArrayList<>();
        apps.add(SuiteConfig.GATEWAY);
        apps.addAll(SuiteConfig.SERVICES);
        stopAll(apps, stopped);
        stopAll(List.of(SuiteConfig.IDENTITY), stopped);
        stopAll(List.of(SuiteConfig.KAFKA), stopped);
        stopAll(List.of(SuiteConfig.POSTGRES), stopped);
        return stopped;
    }

    private void stopAll(List<String> names, List<String> stopped) {
        Map<String, ProcessHandle> live = new LinkedHashMap<>();
        for (String name : names) {
            Optional<ProcessHandle> handle = liveJava(name);
            if (handle.isPresent()) {
                live.put(name, handle.get());
                handle.get().destroy();
            } else {
                new PidFile(config.pidFile(name)).delete();
            }
        }
        Instant deadline = Instant.now().plus(STOP_GRACE);
        for (var entry : live.entrySet()) {
            ProcessHandle handle = entry.getValue();
            long remaining = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
            try {
                handle.onExit().get(remaining, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                out.println(entry.getKey() + " did not stop in " + STOP_GRACE.toSeconds() + " s; killing it");
                handle.destroyForcibly();
                try {
                    handle.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reported below if still alive
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SuiteException("interrupted while stopping " + entry.getKey(), e);
            } catch (java.util.concurrent.ExecutionException e) {
                // onExit never completes exceptionally
            }
            if (handle.isAlive()) {
                throw new SuiteException("cannot stop " + entry.getKey() + " (pid " + handle.pid() + ")");
            }
            new PidFile(config.pidFile(entry.getKey())).delete();
            out.println("stopped " + entry.getKey() + " (pid " + handle.pid() + ")");
            stopped.add(entry.getKey());
        }
    }

    // -------------------------------------------------------------------------------------------- faults

    /**
     * Kills one process the launcher started the way a crash does: SIGKILL, so no shutdown hook runs, no
     * consumer leaves its group, no transaction is finished. Returns once the process is gone; {@link #up()}
     * starts it again. For fault-injection tests. Not for the embedded PostgreSQL: its JVM only supervises the
     * server, which runs as processes of its own and would outlive a SIGKILL of that JVM; {@link #stop} it.
     */
    public void kill(String name) {
        if (SuiteConfig.POSTGRES.equals(name)) {
            throw new IllegalArgumentException("killing the embedded PostgreSQL's JVM leaves the server running; stop it");
        }
        ProcessHandle handle = liveJava(name)
                .orElseThrow(() -> new SuiteException(name + " is not running; nothing to kill"));
        handle.destroyForcibly();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new SuiteException("cannot kill " + name + " (pid " + handle.pid() + ")", e);
        }
        new PidFile(config.pidFile(name)).delete();
        out.println("killed " + name + " (pid " + handle.pid() + ")");
    }

    /**
     * Stops one process as {@link #down()} does (TERM, a grace period, then KILL); {@link #up()} starts it
     * again. For the embedded PostgreSQL that is a fast shutdown: open sessions are terminated, the data
     * directory is kept.
     */
    public void stop(String name) {
        stopAll(List.of(name), new ArrayList<>());
    }

    // -------------------------------------------------------------------------------------------- status

    public List<ProcessStatus> status() {
        List<ProcessStatus> lines = new ArrayList<>();
        if (config.externalDbUrl() != null) {
            Database db = Database.fromJdbcUrl(config.externalDbUrl());
            lines.add(new ProcessStatus(SuiteConfig.POSTGRES, db.answers(), db.port(), null,
                    "external " + db.host()));
        } else {
            Optional<ProcessHandle> embedded = liveJava(SuiteConfig.POSTGRES);
            if (embedded.isPresent()) {
                lines.add(new ProcessStatus(SuiteConfig.POSTGRES, embeddedDatabase().answers(),
                        config.embeddedDbPort(), embedded.get().pid(), "embedded"));
            } else {
                Database local = new Database("127.0.0.1", config.localDbPort(), "postgres", "", Database.Kind.LOCAL);
                boolean localUp = !config.forceEmbeddedDb() && local.answers();
                lines.add(localUp
                        ? new ProcessStatus(SuiteConfig.POSTGRES, true, config.localDbPort(), null, "local server")
                        : new ProcessStatus(SuiteConfig.POSTGRES, false, config.embeddedDbPort(), null, "embedded"));
            }
        }
        if (config.externalKafka() != null) {
            lines.add(new ProcessStatus(SuiteConfig.KAFKA, true, 0, null, "external " + config.externalKafka()));
        } else {
            Optional<ProcessHandle> kafka = liveJava(SuiteConfig.KAFKA);
            lines.add(new ProcessStatus(SuiteConfig.KAFKA, kafka.isPresent() && kafkaAnswers(), config.kafkaPort(),
                    kafka.map(ProcessHandle::pid).orElse(null), null));
        }
        for (String name : SuiteConfig.processNames()) {
            Optional<ProcessHandle> handle = liveJava(name);
            boolean ready = handle.isPresent() && ready(name);
            lines.add(new ProcessStatus(name, ready, config.port(name), handle.map(ProcessHandle::pid).orElse(null),
                    handle.isPresent() && !ready ? "running, not ready" : null));
        }
        return lines;
    }

    // --------------------------------------------------------------------------------------------- misc

    private void mkdirs() {
        try {
            Files.createDirectories(config.home().resolve("logs"));
            Files.createDirectories(config.home().resolve("pids"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + config.home(), e);
        }
    }

    public static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Classpath of the Kafka and embedded PostgreSQL JVMs: the launcher's own classes and dependencies, from
     * {@code launcher/target/launcher.classpath} when the repository is built (under surefire the JVM's own
     * classpath may be a temporary manifest-only jar), else this JVM's classpath.
     */
    String toolClasspath() {
        Path target = config.repoRoot().resolve("launcher").resolve("target");
        Path file = target.resolve("launcher.classpath");
        Path classes = target.resolve("classes");
        if (Files.isRegularFile(file) && Files.isDirectory(classes)) {
            try {
                return classes + java.io.File.pathSeparator + Files.readString(file).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return System.getProperty("java.class.path");
    }

    /** The last {@code lines} lines of a log file, or a note that there is none. */
    public static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log " + file + ")";
            }
            List<String> all = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8)
                    .lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SuiteException("interrupted", e);
        }
    }
}
