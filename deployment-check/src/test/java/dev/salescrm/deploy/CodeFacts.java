package dev.salescrm.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * What the code says a deployment must match, read from the sources as text (this module has no reactor
 * dependency): the apps and their ports and databases (launcher's SuiteConfig, each application.yml), the
 * topics (contracts' Topics.java and the topics each service declares), the gateway's service URLs, and the
 * environment variables each app reads.
 */
final class CodeFacts {

    static final String IDENTITY = "identity";
    static final String GATEWAY = "gateway";

    /** A topic some service declares: partitions and cleanup policy as declared in code. */
    record Topic(String name, int partitions, String cleanupPolicy) {
    }

    final List<String> services;
    final Map<String, Integer> ports = new LinkedHashMap<>();
    final Map<String, String> databases = new LinkedHashMap<>();
    final int partitions;
    final Map<String, Topic> topics = new TreeMap<>();
    /** gateway: env var of each service URL (CRM_SERVICES_LEAD) → the app it must reach. */
    final Map<String, String> gatewayServiceVariables = new TreeMap<>();
    /** Per app: environment variable names it reads (exact), and prefixes it binds (CRM_GATEWAY_…). */
    final Map<String, Set<String>> knownVariables = new LinkedHashMap<>();
    final Map<String, Set<String>> knownPrefixes = new LinkedHashMap<>();

    private CodeFacts() {
        String suite = Repo.read("launcher/src/main/java/dev/salescrm/launcher/SuiteConfig.java");
        services = List.of(group(suite, "SERVICES\\s*=\\s*List\\.of\\(([^)]*)\\)").replaceAll("[\"\\s]", "").split(","));
        int gatewayPort = Integer.parseInt(group(suite, "DEFAULT_GATEWAY_PORT\\s*=\\s*(\\d+)"));
        int identityPort = Integer.parseInt(group(suite, "DEFAULT_IDENTITY_PORT\\s*=\\s*(\\d+)"));
        String prefix = group(suite, "DEFAULT_DB_PREFIX\\s*=\\s*\"([a-z0-9_]+)\"");
        ports.put(IDENTITY, identityPort);
        for (int i = 0; i < services.size(); i++) {
            ports.put(services.get(i), gatewayPort + 1 + i); // SuiteConfig.defaultPorts()
            databases.put(services.get(i), prefix + "_" + services.get(i).replace("-service", ""));
        }
        ports.put(GATEWAY, gatewayPort);

        String topicsJava = Repo.read("contracts/src/main/java/dev/salescrm/contracts/Topics.java");
        partitions = Integer.parseInt(group(topicsJava, "PARTITIONS\\s*=\\s*(\\d+)"));
        Map<String, String> topicConstants = new LinkedHashMap<>();
        Matcher constants = Pattern.compile("String\\s+(\\w+)\\s*=\\s*\"([^\"]+)\"").matcher(topicsJava);
        while (constants.find()) {
            topicConstants.put(constants.group(1), constants.group(2));
        }
        List<String> topicModules = new ArrayList<>(services);
        topicModules.add("catalog-pricing");
        Pattern declaration = Pattern.compile(
                "TopicBuilder\\.name\\((.+?)\\)\\s*\\.partitions\\(([^)]+)\\)(.*?)\\.build\\(\\)", Pattern.DOTALL);
        for (String module : topicModules) {
            for (Path source : Repo.javaSources(module)) {
                Matcher m = declaration.matcher(Repo.read(source));
                while (m.find()) {
                    String expr = m.group(1).trim();
                    boolean deadLetter = expr.startsWith("DeadLetters.topicFor(");
                    String constant = expr.replaceAll(".*Topics\\.(\\w+).*", "$1");
                    String base = topicConstants.get(constant);
                    if (base == null) {
                        throw new IllegalStateException(source + ": topic expression not understood: " + expr);
                    }
                    String name = deadLetter ? base + ".dlt" : base;
                    int count = m.group(2).trim().equals("Topics.PARTITIONS") ? partitions : Integer.parseInt(m.group(2).trim());
                    String policy = m.group(3).contains("CLEANUP_POLICY_COMPACT") ? "compact" : "delete";
                    Topic topic = new Topic(name, count, policy);
                    Topic previous = topics.putIfAbsent(name, topic);
                    if (previous != null && !previous.equals(topic)) {
                        throw new IllegalStateException("two services declare " + name + " differently: " + previous + " / " + topic);
                    }
                }
            }
        }
        // A contract topic nobody declares yet still exists for its readers (analytics): plain, default size.
        topicConstants.values().forEach(t -> topics.putIfAbsent(t, new Topic(t, partitions, "delete")));

        for (String app : apps()) {
            Map<String, Object> yml = yaml(app + "/src/main/resources/application.yml");
            Set<String> known = new LinkedHashSet<>(List.of("PORT", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"));
            Set<String> prefixes = new LinkedHashSet<>(List.of("SPRING_", "MANAGEMENT_", "LOGGING_", "SERVER_"));
            List<String> texts = new ArrayList<>(List.of(Repo.read(app + "/src/main/resources/application.yml")));
            flatten("", yml).keySet().forEach(key -> known.addAll(envNames(key)));
            List<Path> sources = new ArrayList<>(Repo.javaSources(app));
            if (services.contains(app)) { // the platform's defaults and code run in every service
                String defaults = Repo.read("platform/src/main/resources/platform-defaults.properties");
                texts.add(defaults);
                defaults.lines().filter(l -> !l.isBlank() && !l.startsWith("#") && l.contains("="))
                        .forEach(l -> known.addAll(envNames(l.substring(0, l.indexOf('=')).trim())));
                sources.addAll(Repo.javaSources("platform"));
                sources.addAll(Repo.javaSources("catalog-pricing"));
            }
            for (Path source : sources) {
                texts.add(Repo.read(source));
            }
            for (String text : texts) {
                Matcher placeholder = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)").matcher(text);
                while (placeholder.find()) {
                    known.addAll(envNames(placeholder.group(1)));
                }
                Matcher env = Pattern.compile("\"(CRM_[A-Z0-9_]+)\"").matcher(text);
                while (env.find()) {
                    known.add(env.group(1));
                }
                Matcher bound = Pattern.compile("@ConfigurationProperties\\(\"([a-z0-9.\\-]+)\"\\)").matcher(text);
                while (bound.find()) {
                    prefixes.add(envNames(bound.group(1)).getFirst() + "_");
                }
            }
            knownVariables.put(app, known);
            knownPrefixes.put(app, prefixes);
            if (app.equals(GATEWAY)) {
                Matcher uri = Pattern.compile("uri:\\s*\\$\\{crm\\.services\\.(\\w+):http://[^:]+:(\\d+)}")
                        .matcher(texts.getFirst());
                while (uri.find()) {
                    int port = Integer.parseInt(uri.group(2));
                    String target = ports.entrySet().stream().filter(e -> e.getValue() == port).map(Map.Entry::getKey)
                            .findFirst().orElseThrow(() -> new IllegalStateException("gateway route to unknown port " + port));
                    gatewayServiceVariables.put("CRM_SERVICES_" + uri.group(1).toUpperCase(Locale.ROOT), target);
                }
            } else if (services.contains(app)) {
                String dbName = String.valueOf(((Map<?, ?>) ((Map<?, ?>) yml.get("crm")).get("db")).get("name"));
                if (!dbName.equals(databases.get(app))) {
                    throw new IllegalStateException(app + ": application.yml names database " + dbName
                            + ", SuiteConfig " + databases.get(app));
                }
            }
            String serverPort = String.valueOf(((Map<?, ?>) yml.get("server")).get("port"));
            if (!serverPort.equals("${PORT:" + ports.get(app) + "}")) {
                throw new IllegalStateException(app + ": server.port is " + serverPort + ", SuiteConfig says " + ports.get(app));
            }
        }
    }

    private static final CodeFacts INSTANCE = new CodeFacts();

    static CodeFacts get() {
        return INSTANCE;
    }

    /** identity, the services, the gateway. */
    List<String> apps() {
        List<String> apps = new ArrayList<>();
        apps.add(IDENTITY);
        apps.addAll(services);
        apps.add(GATEWAY);
        return apps;
    }

    boolean knows(String app, String variable) {
        return knownVariables.get(app).contains(variable)
                || knownPrefixes.get(app).stream().anyMatch(variable::startsWith);
    }

    /** Environment forms Spring Boot binds to a property: upper case, '.' → '_', '-' removed or → '_'. */
    static List<String> envNames(String property) {
        String upper = property.toUpperCase(Locale.ROOT).replace('.', '_').replace("[", "").replace("]", "");
        return List.of(upper.replace("-", ""), upper.replace('-', '_'));
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("not found in source: " + regex);
        }
        return m.group(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String relative) {
        return (Map<String, Object>) new Yaml().load(Repo.read(relative));
    }

    private static Map<String, Object> flatten(String prefix, Object node) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.putAll(flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v)));
        } else {
            out.put(prefix, node);
        }
        return out;
    }
}
