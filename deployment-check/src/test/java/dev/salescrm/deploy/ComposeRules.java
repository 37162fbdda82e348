package dev.salescrm.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rules docker-compose.yml must keep beyond the Compose schema: every app on its port with the variables it
 * reads, health through Actuator, databases and topics as the code declares them, start order through healthy
 * dependencies, and nothing but the gateway and identity's login published.
 */
final class ComposeRules {

    static final Set<String> INFRASTRUCTURE = Set.of("postgres", "kafka", "kafka-init", "redis");
    static final Set<String> PUBLISHED = Set.of(CodeFacts.GATEWAY, CodeFacts.IDENTITY);

    private ComposeRules() {
    }

    static List<String> check(String where, Map<String, Object> compose) {
        CodeFacts facts = CodeFacts.get();
        List<String> problems = new ArrayList<>();
        Map<String, Object> services = Y.map(compose, "services");
        for (String name : services.keySet()) {
            if (!facts.apps().contains(name) && !INFRASTRUCTURE.contains(name)) {
                problems.add(where + ": unexpected service " + name);
            }
        }
        for (String app : facts.apps()) {
            if (!services.containsKey(app)) {
                problems.add(where + ": " + app + " is missing");
            }
        }
        String tag = K8sRules.expectedImageTag();
        String kafkaBootstrap = Optional.ofNullable(env(services.get("kafka")).get("KAFKA_ADVERTISED_LISTENERS"))
                .map(l -> l.replaceFirst("^PLAINTEXT://", "").split(",")[0]).orElse(null);
        Set<String> issuers = new TreeSet<>();
        for (String app : facts.apps()) {
            Object service = services.get(app);
            if (service == null) {
                continue;
            }
            int port = facts.ports.get(app);
            String at = where + ": " + app;
            Map<String, String> env = env(service);
            issuers.add(String.valueOf(env.get("CRM_SECURITY_ISSUER")));
            problems.addAll(EnvRules.check(where, app, env, (host, p) -> services.containsKey(host)
                    && facts.ports.containsKey(host) && facts.ports.get(host).equals(p) ? Optional.of(host) : Optional.empty()));
            if (!("salescrm/" + app + ":" + tag).equals(Y.str(service, "image"))) {
                problems.add(at + ": image " + Y.str(service, "image") + " is not salescrm/" + app + ":" + tag + " (./crm images)");
            }
            Map<String, Object> args = Y.map(service, "build.args");
            if (!app.equals(String.valueOf(args.get("APP"))) || !String.valueOf(port).equals(String.valueOf(args.get("PORT")))
                    || !"docker/Dockerfile".equals(Y.str(service, "build.dockerfile"))) {
                problems.add(at + ": build must be docker/Dockerfile with APP=" + app + " and PORT=" + port + ", not " + args);
            }
            String test = String.valueOf(Y.list(service, "healthcheck.test"));
            if (!test.contains("http://127.0.0.1:" + port + "/actuator/health/readiness")) {
                problems.add(at + ": the health check must probe http://127.0.0.1:" + port + "/actuator/health/readiness, not " + test);
            }
            if (Y.at(service, "mem_limit") == null) {
                problems.add(at + ": no mem_limit (JVM heaps are sized from the container's limit)");
            }
            if (!Boolean.TRUE.equals(Y.at(service, "read_only")) || !String.valueOf(Y.at(service, "tmpfs")).contains("/tmp")) {
                problems.add(at + ": the root file system must be read_only with a tmpfs on /tmp, as in Kubernetes");
            }
            for (Object published : Y.list(service, "ports")) {
                String mapping = String.valueOf(published);
                if (!PUBLISHED.contains(app)) {
                    problems.add(at + " publishes " + mapping + ": only the gateway (and identity, for the login) are reachable from the host");
                } else if (!mapping.startsWith("127.0.0.1:") || !mapping.endsWith(":" + port)) {
                    problems.add(at + " publishes " + mapping + ": must be 127.0.0.1:<host port>:" + port);
                }
            }
            if (facts.services.contains(app)) {
                if (!"postgres".equals(env.get("CRM_DB_HOST"))) {
                    problems.add(at + ": CRM_DB_HOST must be the postgres service, not " + env.get("CRM_DB_HOST"));
                }
                if (env.get("CRM_DB_USER") != null && !env.get("CRM_DB_USER").equals(env.get("CRM_DB_NAME"))) {
                    problems.add(at + ": CRM_DB_USER must be the role init-databases.sh creates for " + env.get("CRM_DB_NAME"));
                }
                if (kafkaBootstrap == null || !kafkaBootstrap.equals(env.get("CRM_KAFKA_BOOTSTRAP"))) {
                    problems.add(at + ": CRM_KAFKA_BOOTSTRAP=" + env.get("CRM_KAFKA_BOOTSTRAP") + " is not Kafka's advertised listener " + kafkaBootstrap);
                }
                for (String needed : List.of("postgres", "kafka-init")) {
                    if (!Y.map(service, "depends_on").containsKey(needed)) {
                        problems.add(at + " must depend on " + needed + " (its database, its topics)");
                    }
                }
            }
        }
        if (issuers.size() > 1) {
            problems.add(where + ": the apps trust different issuers " + issuers);
        }
        services.forEach((name, service) -> Y.map(service, "depends_on").forEach((target, spec) -> {
            String condition = Y.str(spec, "condition");
            if (!Set.of("service_healthy", "service_completed_successfully").contains(condition)) {
                problems.add(where + ": " + name + " depends on " + target + " with condition " + condition
                        + " (service_healthy or service_completed_successfully)");
            }
            if ("service_healthy".equals(condition) && Y.at(services.get(target), "healthcheck") == null) {
                problems.add(where + ": " + name + " waits for " + target + " to be healthy, but it has no health check");
            }
        }));
        Set<String> databases = new TreeSet<>(List.of(String.valueOf(env(services.get("postgres")).get("CRM_DATABASES")).trim().split("\\s+")));
        if (!databases.equals(new TreeSet<>(facts.databases.values()))) {
            problems.add(where + ": postgres creates databases " + databases + ", the services use " + new TreeSet<>(facts.databases.values()));
        }
        Map<String, String> kafkaEnv = env(services.get("kafka"));
        if (!"false".equals(kafkaEnv.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"))) {
            problems.add(where + ": kafka must not create topics on demand (KAFKA_AUTO_CREATE_TOPICS_ENABLE=false)");
        }
        Map<String, String> declared = new TreeMap<>();
        facts.topics.values().forEach(t -> declared.put(t.name(), t.partitions() + ":" + t.cleanupPolicy()));
        Map<String, String> created = new TreeMap<>();
        String topics = env(services.get("kafka-init")).get("CRM_TOPICS");
        for (String spec : String.valueOf(topics).trim().split("\\s+")) {
            String[] parts = spec.split(":");
            created.put(parts[0], parts.length == 3 ? parts[1] + ":" + parts[2] : "?");
        }
        if (!created.equals(declared)) {
            Map<String, String> wrong = new TreeMap<>(created);
            declared.forEach(wrong::remove);
            Map<String, String> missing = new TreeMap<>(declared);
            created.forEach((k, v) -> missing.remove(k, v));
            problems.add(where + ": kafka-init's CRM_TOPICS differ from the topics the code declares"
                    + " (partitions:cleanup.policy); wrong or extra " + wrong + ", missing " + missing);
        }
        return problems;
    }

    /** A service's environment (map or KEY=VALUE list), with ${VAR:-default} read as its default. */
    static Map<String, String> env(Object service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = Y.at(service, "environment");
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? null : interpolate(String.valueOf(v))));
        } else if (raw instanceof List<?> list) {
            for (Object item : list) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : interpolate(s.substring(eq + 1)));
            }
        }
        return env;
    }

    private static String interpolate(String value) {
        return value.replaceAll("\\$\\{[A-Za-z0-9_]+:-([^}]*)}", "$1").replaceAll("\\$\\{[A-Za-z0-9_]+}", "");
    }
}
