package dev.salescrm.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link Suite} needs to know. Nothing in the launcher hard-codes {@code .crm/} or a port:
 * the CLI builds this from {@link #fromEnvironment(Path, Map)}, a test builds it with a temporary home,
 * free ports and its own database prefix.
 *
 * @param home               state directory: logs, pids, Kafka data, embedded PostgreSQL data
 * @param repoRoot           repository root; service jars are found under {@code <repoRoot>/<svc>/target}
 * @param ports              HTTP port of the identity issuer, every service and the gateway, keyed by process name
 * @param kafkaPort          broker port of the launcher's own Kafka (controller listens on port + 1)
 * @param dbPrefix           database name prefix: {@code <prefix>_lead}, {@code <prefix>_account} …
 * @param externalKafka      bootstrap of an existing Kafka; null = start our own broker
 * @param externalDbUrl      JDBC URL of an existing PostgreSQL server; null = local server or embedded
 * @param forceEmbeddedDb    use the embedded PostgreSQL even if a local server answers
 * @param localDbPort        port of the machine's own PostgreSQL on 127.0.0.1, tried before embedded
 * @param embeddedDbPort     fixed port of the embedded PostgreSQL
 * @param readinessTimeout   bound on waiting for every process to become ready
 * @param serviceJvmOptions  JVM options of each service and the gateway
 */
public record SuiteConfig(
        Path home,
        Path repoRoot,
        Map<String, Integer> ports,
        int kafkaPort,
        String dbPrefix,
        String externalKafka,
        String externalDbUrl,
        boolean forceEmbeddedDb,
        int localDbPort,
        int embeddedDbPort,
        Duration readinessTimeout,
        List<String> serviceJvmOptions) {

    /** Services in start order, with the suffix of their database. The gateway comes last. */
    public static final List<String> SERVICES =
            List.of("lead-service", "account-service", "opportunity-service", "catalog-service", "billing-service");
    public static final String GATEWAY = "gateway";
    /** The local OAuth2 / OIDC issuer; started first, every service and the gateway trust its tokens. */
    public static final String IDENTITY = "identity";
    public static final String KAFKA = "kafka";
    public static final String POSTGRES = "postgres";

    public static final int DEFAULT_GATEWAY_PORT = 8080;
    public static final int DEFAULT_IDENTITY_PORT = 9000;
    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_LOCAL_DB_PORT = 5432;
    public static final int DEFAULT_EMBEDDED_DB_PORT = 15432;
    public static final String DEFAULT_DB_PREFIX = "crm";
    public static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofSeconds(180);
    /**
     * Each app's JVM: a small heap that starts small (-Xms64m: the young generation grows only as the load needs
     * it, instead of starting at a third of 256 MiB and being touched whole), the serial collector (two cores),
     * and JDK 25's compact object headers (8 bytes less per object). The last two lowered RSS after load by
     * 40–70 MiB per service in the benchmark's P4, start times unchanged (docs/performance.md, "Tuning").
     */
    public static final List<String> DEFAULT_JVM_OPTIONS =
            List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders");

    public SuiteConfig {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(repoRoot, "repoRoot");
        home = home.toAbsolutePath().normalize();
        repoRoot = repoRoot.toAbsolutePath().normalize();
        ports = Map.copyOf(ports);
        for (String name : processNames()) {
            if (!ports.containsKey(name)) {
                throw new IllegalArgumentException("no port for " + name);
            }
        }
        if (dbPrefix == null || !dbPrefix.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("database prefix must match [a-z][a-z0-9_]*: " + dbPrefix);
        }
        if (externalKafka != null && externalKafka.isBlank()) {
            externalKafka = null;
        }
        if (externalDbUrl != null && externalDbUrl.isBlank()) {
            externalDbUrl = null;
        }
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
    }

    /** The processes that get an HTTP port, in start order: identity, the five services, the gateway. */
    public static List<String> processNames() {
        var names = new java.util.ArrayList<String>();
        names.add(IDENTITY);
        names.addAll(SERVICES);
        names.add(GATEWAY);
        return List.copyOf(names);
    }

    /** Default ports: identity 9000, gateway 8080, services 8081…8085 in {@link #SERVICES} order. */
    public static Map<String, Integer> defaultPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put(IDENTITY, DEFAULT_IDENTITY_PORT);
        for (int i = 0; i < SERVICES.size(); i++) {
            ports.put(SERVICES.get(i), DEFAULT_GATEWAY_PORT + 1 + i);
        }
        ports.put(GATEWAY, DEFAULT_GATEWAY_PORT);
        return ports;
    }

    public static Builder builder(Path home, Path repoRoot) {
        return new Builder(home, repoRoot);
    }

    /**
     * The CLI's configuration: home {@code <repoRoot>/.crm}, default ports, prefix {@code crm}, overridden by
     * CRM_HOME, CRM_DB_PREFIX, CRM_KAFKA_BOOTSTRAP, CRM_DB_URL, CRM_DB_EMBEDDED, CRM_KAFKA_PORT, CRM_GATEWAY_PORT,
     * CRM_IDENTITY_PORT, CRM_EMBEDDED_DB_PORT, CRM_READY_TIMEOUT_SECONDS.
     */
    public static SuiteConfig fromEnvironment(Path repoRoot, Map<String, String> env) {
        Builder b = builder(
                env.containsKey("CRM_HOME") ? Path.of(env.get("CRM_HOME")) : repoRoot.resolve(".crm"), repoRoot);
        if (env.containsKey("CRM_DB_PREFIX")) {
            b.dbPrefix(env.get("CRM_DB_PREFIX"));
        }
        b.externalKafka(env.get("CRM_KAFKA_BOOTSTRAP"));
        b.externalDbUrl(env.get("CRM_DB_URL"));
        b.forceEmbeddedDb(Boolean.parseBoolean(env.getOrDefault("CRM_DB_EMBEDDED", "false")));
        if (env.containsKey("CRM_KAFKA_PORT")) {
            b.kafkaPort(Integer.parseInt(env.get("CRM_KAFKA_PORT")));
        }
        if (env.containsKey("CRM_GATEWAY_PORT")) {
            b.port(GATEWAY, Integer.parseInt(env.get("CRM_GATEWAY_PORT")));
        }
        if (env.containsKey("CRM_IDENTITY_PORT")) {
            b.port(IDENTITY, Integer.parseInt(env.get("CRM_IDENTITY_PORT")));
        }
        if (env.containsKey("CRM_EMBEDDED_DB_PORT")) {
            b.embeddedDbPort(Integer.parseInt(env.get("CRM_EMBEDDED_DB_PORT")));
        }
        if (env.containsKey("CRM_READY_TIMEOUT_SECONDS")) {
            b.readinessTimeout(Duration.ofSeconds(Long.parseLong(env.get("CRM_READY_TIMEOUT_SECONDS"))));
        }
        return b.build();
    }

    public int port(String name) {
        return ports.get(name);
    }

    /** Database of a service: {@code lead-service} with prefix {@code crm} → {@code crm_lead}. */
    public String databaseName(String service) {
        return dbPrefix + "_" + service.replace("-service", "");
    }

    public Path jar(String name) {
        return repoRoot.resolve(name).resolve("target").resolve(name + "-0.1.0-SNAPSHOT.jar");
    }

    public Path logFile(String name) {
        return home.resolve("logs").resolve(name + ".log");
    }

    public Path pidFile(String name) {
        return home.resolve("pids").resolve(name + ".pid");
    }

    /**
     * The issuer URL the launcher's identity process puts in {@code iss} and every service and the gateway
     * trust ({@code CRM_SECURITY_ISSUER}): {@code http://127.0.0.1:<identity port>}.
     */
    public String issuer() {
        return "http://127.0.0.1:" + port(IDENTITY);
    }

    /** identity's RSA signing key (a JWK file), kept across restarts so tokens stay valid. */
    public Path identityKeyFile() {
        return home.resolve("identity").resolve("jwk.json");
    }

    public Path kafkaDir() {
        return home.resolve("kafka");
    }

    public Path postgresDir() {
        return home.resolve("postgres");
    }

    public String kafkaBootstrap() {
        return externalKafka != null ? externalKafka : "127.0.0.1:" + kafkaPort;
    }

    public static final class Builder {
        private final Path home;
        private final Path repoRoot;
        private final Map<String, Integer> ports = defaultPorts();
        private int kafkaPort = DEFAULT_KAFKA_PORT;
        private String dbPrefix = DEFAULT_DB_PREFIX;
        private String externalKafka;
        private String externalDbUrl;
        private boolean forceEmbeddedDb;
        private int localDbPort = DEFAULT_LOCAL_DB_PORT;
        private int embeddedDbPort = DEFAULT_EMBEDDED_DB_PORT;
        private Duration readinessTimeout = DEFAULT_READINESS_TIMEOUT;
        private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;

        private Builder(Path home, Path repoRoot) {
            this.home = home;
            this.repoRoot = repoRoot;
        }

        public Builder port(String name, int port) {
            if (!ports.containsKey(name)) {
                throw new IllegalArgumentException("unknown process " + name);
            }
            ports.put(name, port);
            return this;
        }

        public Builder kafkaPort(int port) { this.kafkaPort = port; return this; }
        public Builder dbPrefix(String prefix) { this.dbPrefix = prefix; return this; }
        public Builder externalKafka(String bootstrap) { this.externalKafka = bootstrap; return this; }
        public Builder externalDbUrl(String url) { this.externalDbUrl = url; return this; }
        public Builder forceEmbeddedDb(boolean embedded) { this.forceEmbeddedDb = embedded; return this; }
        public Builder localDbPort(int port) { this.localDbPort = port; return this; }
        public Builder embeddedDbPort(int port) { this.embeddedDbPort = port; return this; }
        public Builder readinessTimeout(Duration timeout) { this.readinessTimeout = timeout; return this; }
        public Builder serviceJvmOptions(List<String> options) { this.jvmOptions = options; return this; }

        public SuiteConfig build() {
            return new SuiteConfig(home, repoRoot, ports, kafkaPort, dbPrefix, externalKafka, externalDbUrl,
                    forceEmbeddedDb, localDbPort, embeddedDbPort, readinessTimeout, jvmOptions);
        }
    }
}
