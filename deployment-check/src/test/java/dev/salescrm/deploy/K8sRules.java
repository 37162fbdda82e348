package dev.salescrm.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules a rendered overlay must keep beyond its schemas: every app of the suite is there, on its port, with the
 * variables it reads; probes on the Actuator health groups; pods that run as non-root on a read-only root;
 * topics, databases and roles as the code declares them; NetworkPolicies that let exactly the callers in.
 */
final class K8sRules {

    /** One app's pods: the Deployment, its pod labels and its resolved environment. */
    record Pods(String deployment, String app, Map<String, Object> labels, Map<String, String> env) {
    }

    /** A call an app makes, read from its environment: from → to on port. */
    record Edge(String from, String to, int port) {
    }

    private final String where;
    private final List<Map<String, Object>> docs;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Pods> pods = new LinkedHashMap<>();
    private final Set<Edge> edges = new LinkedHashSet<>();
    private final Set<String> secrets = new TreeSet<>();

    private K8sRules(String where, List<Map<String, Object>> docs) {
        this.where = where;
        this.docs = docs;
    }

    static List<String> check(String where, List<Map<String, Object>> docs) {
        K8sRules rules = new K8sRules(where, docs);
        rules.run();
        return rules.problems;
    }

    static String expectedImageTag() {
        Matcher m = Pattern.compile("IMAGE_TAG_DEFAULT=(\\S+)").matcher(Repo.read("crm"));
        if (!m.find()) {
            throw new IllegalStateException("crm: IMAGE_TAG_DEFAULT not found");
        }
        return m.group(1);
    }

    private List<Map<String, Object>> all(String kind) {
        return docs.stream().filter(d -> kind.equals(Y.kind(d))).toList();
    }

    private Optional<Map<String, Object>> named(String kind, String name) {
        return all(kind).stream().filter(d -> name.equals(Y.name(d))).findFirst();
    }

    private void problem(String text) {
        problems.add(where + ": " + text);
    }

    private void run() {
        CodeFacts facts = CodeFacts.get();
        for (Map<String, Object> d : all("Deployment")) {
            Map<String, Object> labels = Y.map(d, "spec.template.metadata.labels");
            String app = String.valueOf(labels.getOrDefault("app.kubernetes.io/name", Y.name(d)));
            pods.put(app, new Pods(Y.name(d), app, labels, resolveEnv(d)));
        }
        List<String> expectedApps = new ArrayList<>(facts.services);
        expectedApps.add(CodeFacts.GATEWAY);
        for (String app : expectedApps) {
            if (!pods.containsKey(app)) {
                problem(app + " is not deployed (every service of SuiteConfig and the gateway must be)");
            }
        }
        for (Map<String, Object> d : all("Deployment")) {
            checkPodSecurity(d);
        }
        for (Pods p : pods.values()) {
            if (facts.apps().contains(p.app())) {
                checkApp(p, named("Deployment", p.deployment()).orElseThrow());
                problems.addAll(EnvRules.check(where, p.app(), p.env(), (host, port) -> resolve(p.app(), host, port)));
            }
        }
        checkIssuer();
        checkKafka();
        checkPostgres();
        checkNetworkPolicies();
        checkScaling();
        checkIngresses();
        String readme = Repo.read("k8s/README.md");
        for (String secret : secrets) {
            if (!readme.contains(secret)) {
                problem("Secret " + secret + " is referenced but k8s/README.md does not say how to create it");
            }
        }
    }

    /** env + envFrom, with ConfigMap values looked up in the render and Secret values as placeholders. */
    private Map<String, String> resolveEnv(Map<String, Object> deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> c : Y.maps(deployment, "spec.template.spec.containers")) {
            for (Map<String, Object> from : Y.maps(c, "envFrom")) {
                String cm = Y.str(from, "configMapRef.name");
                if (cm != null) {
                    Optional<Map<String, Object>> map = named("ConfigMap", cm);
                    if (map.isEmpty()) {
                        problem(Y.name(deployment) + " reads ConfigMap " + cm + ", which the overlay does not contain");
                    }
                    map.ifPresent(m -> Y.map(m, "data").forEach((k, v) -> env.put(k, String.valueOf(v))));
                }
                String secret = Y.str(from, "secretRef.name");
                if (secret != null) {
                    secrets.add(secret);
                }
            }
            for (Map<String, Object> e : Y.maps(c, "env")) {
                String name = Y.str(e, "name");
                if (e.containsKey("value")) {
                    env.put(name, Y.str(e, "value"));
                } else if (Y.at(e, "valueFrom.secretKeyRef") != null) {
                    String secret = Y.str(e, "valueFrom.secretKeyRef.name");
                    secrets.add(secret);
                    env.put(name, "<secret " + secret + "/" + Y.str(e, "valueFrom.secretKeyRef.key") + ">");
                } else if (Y.at(e, "valueFrom.configMapKeyRef") != null) {
                    String cm = Y.str(e, "valueFrom.configMapKeyRef.name");
                    String key = Y.str(e, "valueFrom.configMapKeyRef.key");
                    Object value = named("ConfigMap", cm).map(m -> Y.map(m, "data").get(key)).orElse(null);
                    if (value == null) {
                        problem(Y.name(deployment) + ": " + name + " refers to " + cm + "/" + key + ", which is not in the overlay");
                    }
                    env.put(name, value == null ? null : String.valueOf(value));
                }
            }
        }
        return env;
    }

    private void checkPodSecurity(Map<String, Object> d) {
        String name = "Deployment " + Y.name(d);
        Map<String, Object> pod = Y.map(d, "spec.template.spec");
        if (!Boolean.FALSE.equals(pod.get("automountServiceAccountToken"))) {
            problem(name + ": automountServiceAccountToken must be false (the apps never call the API server)");
        }
        String sa = Y.str(pod, "serviceAccountName");
        if (sa == null || named("ServiceAccount", sa).isEmpty()) {
            problem(name + ": its ServiceAccount " + sa + " is not in the overlay");
        }
        Set<String> emptyDirs = new TreeSet<>();
        Y.maps(pod, "volumes").stream().filter(v -> v.containsKey("emptyDir")).forEach(v -> emptyDirs.add(Y.str(v, "name")));
        for (Map<String, Object> c : Y.maps(pod, "containers")) {
            String cn = name + " container " + Y.str(c, "name");
            boolean nonRoot = Boolean.TRUE.equals(Y.at(c, "securityContext.runAsNonRoot"))
                    || Boolean.TRUE.equals(Y.at(pod, "securityContext.runAsNonRoot"));
            if (!nonRoot) {
                problem(cn + ": runAsNonRoot must be true");
            }
            Object user = Optional.ofNullable(Y.at(c, "securityContext.runAsUser")).orElse(Y.at(pod, "securityContext.runAsUser"));
            if (user != null && String.valueOf(user).equals("0")) {
                problem(cn + ": runAsUser 0 is root");
            }
            if (!Boolean.TRUE.equals(Y.at(c, "securityContext.readOnlyRootFilesystem"))) {
                problem(cn + ": readOnlyRootFilesystem must be true");
            }
            if (!Boolean.FALSE.equals(Y.at(c, "securityContext.allowPrivilegeEscalation"))) {
                problem(cn + ": allowPrivilegeEscalation must be false");
            }
            if (!Y.list(c, "securityContext.capabilities.drop").contains("ALL")) {
                problem(cn + ": capabilities must drop ALL");
            }
            for (String r : List.of("requests.cpu", "requests.memory", "limits.memory")) {
                if (Y.at(c, "resources." + r) == null) {
                    problem(cn + ": resources." + r + " is not set");
                }
            }
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                if (Y.at(c, probe) == null) {
                    problem(cn + ": no " + probe);
                }
            }
            String image = Y.str(c, "image");
            if (image == null || !(image.contains("@sha256:") || image.substring(image.lastIndexOf('/') + 1).contains(":"))
                    || image.endsWith(":latest")) {
                problem(cn + ": image " + image + " is not pinned to a tag (and never :latest)");
            }
        }
    }

    private void checkApp(Pods p, Map<String, Object> d) {
        CodeFacts facts = CodeFacts.get();
        int port = facts.ports.get(p.app());
        String name = "Deployment " + p.deployment() + " (" + p.app() + ")";
        Map<String, Object> c = Y.maps(d, "spec.template.spec.containers").stream()
                .filter(x -> "app".equals(Y.str(x, "name"))).findFirst().orElse(null);
        if (c == null) {
            problem(name + ": no container named app");
            return;
        }
        Map<String, Object> http = Y.maps(c, "ports").stream().filter(x -> "http".equals(Y.str(x, "name")))
                .findFirst().orElse(Map.of());
        if (!String.valueOf(port).equals(Y.str(http, "containerPort"))) {
            problem(name + ": container port http is " + Y.str(http, "containerPort") + ", but " + p.app()
                    + " listens on " + port + " (SuiteConfig, application.yml)");
        }
        Map<String, String> paths = Map.of("startupProbe", "/actuator/health/liveness",
                "livenessProbe", "/actuator/health/liveness", "readinessProbe", "/actuator/health/readiness");
        paths.forEach((probe, path) -> {
            if (Y.at(c, probe) == null) {
                return;
            }
            String probePath = Y.str(c, probe + ".httpGet.path");
            String probePort = Y.str(c, probe + ".httpGet.port");
            if (!path.equals(probePath) || !(Objects.equals(probePort, "http") || Objects.equals(probePort, String.valueOf(port)))) {
                problem(name + ": " + probe + " must GET " + path + " on port " + port + ", not " + probePath + " on " + probePort);
            }
        });
        String image = Y.str(c, "image");
        String expected = p.app() + ":" + expectedImageTag();
        if (image != null && !(image.equals("salescrm/" + expected) || image.endsWith("/salescrm/" + expected))) {
            problem(name + ": image " + image + " is not salescrm/" + expected + " (the tag ./crm images builds)");
        }
        boolean tmp = Y.maps(c, "volumeMounts").stream().anyMatch(m -> "/tmp".equals(Y.str(m, "mountPath"))
                && Y.maps(d, "spec.template.spec.volumes").stream().anyMatch(
                        v -> Objects.equals(Y.str(v, "name"), Y.str(m, "name")) && v.containsKey("emptyDir")));
        if (!tmp) {
            problem(name + ": /tmp must be an emptyDir (the root file system is read-only)");
        }
        Optional<Map<String, Object>> service = named("Service", p.app());
        if (service.isEmpty()) {
            problem(p.app() + " has no Service named " + p.app());
        } else {
            Map<String, Object> s = service.get();
            if (!Y.selects(Y.map(s, "spec.selector"), p.labels())) {
                problem("Service " + p.app() + " does not select the pods of " + p.deployment());
            }
            List<Map<String, Object>> ports = Y.maps(s, "spec.ports");
            boolean ok = ports.stream().anyMatch(x -> String.valueOf(port).equals(Y.str(x, "port"))
                    && (String.valueOf(port).equals(Y.str(x, "targetPort")) || "http".equals(Y.str(x, "targetPort"))));
            if (!ok) {
                problem("Service " + p.app() + " must expose port " + port + " to the container's http port");
            }
        }
    }

    /** host:port → the app behind a Service of this overlay; records the call for the NetworkPolicy check. */
    private Optional<String> resolve(String from, String host, int port) {
        for (Map<String, Object> s : all("Service")) {
            if (!host.equals(Y.name(s))) {
                continue;
            }
            boolean portMatches = Y.maps(s, "spec.ports").stream().anyMatch(x -> String.valueOf(port).equals(Y.str(x, "port")));
            if (!portMatches) {
                return Optional.empty();
            }
            for (Pods p : pods.values()) {
                if (Y.selects(Y.map(s, "spec.selector"), p.labels())) {
                    edges.add(new Edge(from, p.app(), CodeFacts.get().ports.getOrDefault(p.app(), port)));
                    return Optional.of(p.app());
                }
            }
        }
        return Optional.empty();
    }

    private void checkIssuer() {
        Set<String> issuers = new TreeSet<>();
        pods.values().stream().filter(p -> CodeFacts.get().apps().contains(p.app()))
                .forEach(p -> issuers.add(String.valueOf(p.env().get("CRM_SECURITY_ISSUER"))));
        if (issuers.size() > 1) {
            problem("the apps trust different issuers " + issuers + ": identity's iss and every resource server must agree");
        }
        if (!pods.containsKey(CodeFacts.IDENTITY) && issuers.stream().anyMatch(i -> !i.startsWith("https://"))) {
            problem("without identity the issuer must be the organisation's https issuer, not " + issuers);
        }
    }

    private void checkKafka() {
        CodeFacts facts = CodeFacts.get();
        List<Map<String, Object>> kafkas = all("Kafka");
        if (kafkas.size() != 1) {
            problem("expected one Strimzi Kafka, found " + kafkas.size());
            return;
        }
        Map<String, Object> kafka = kafkas.getFirst();
        String cluster = Y.name(kafka);
        if (!String.valueOf(Y.map(kafka, "spec.kafka.config").get("auto.create.topics.enable")).equals("false")) {
            problem("Kafka " + cluster + ": auto.create.topics.enable must be false (topics are KafkaTopic resources)");
        }
        int minIsr = Y.integer(Y.map(kafka, "spec.kafka.config").getOrDefault("min.insync.replicas", 1));
        int brokers = 0;
        boolean controller = false;
        for (Map<String, Object> pool : all("KafkaNodePool")) {
            if (!cluster.equals(Y.map(pool, "metadata.labels").get("strimzi.io/cluster"))) {
                problem("KafkaNodePool " + Y.name(pool) + " belongs to no Kafka of this overlay");
            }
            List<Object> roles = Y.list(pool, "spec.roles");
            int replicas = Y.integer(Y.at(pool, "spec.replicas"));
            if (roles.contains("broker")) {
                brokers += replicas;
            }
            controller |= roles.contains("controller") && replicas > 0;
        }
        if (brokers == 0 || !controller) {
            problem("Kafka " + cluster + " needs node pools with the broker and the controller role (KRaft)");
        }
        Map<String, Map<String, Object>> listeners = new LinkedHashMap<>();
        Y.maps(kafka, "spec.kafka.listeners").forEach(l -> listeners.put(cluster + "-kafka-bootstrap:" + Y.str(l, "port"), l));
        for (Pods p : pods.values()) {
            String bootstrap = p.env().get("CRM_KAFKA_BOOTSTRAP");
            if (bootstrap != null && !listeners.containsKey(bootstrap)) {
                problem(p.app() + ": CRM_KAFKA_BOOTSTRAP=" + bootstrap + " is none of Kafka " + cluster + "'s listeners "
                        + listeners.keySet());
            }
        }
        Map<String, Map<String, Object>> topics = new LinkedHashMap<>();
        for (Map<String, Object> t : all("KafkaTopic")) {
            String name = Optional.ofNullable(Y.str(t, "spec.topicName")).orElse(Y.name(t));
            topics.put(name, t);
            if (!cluster.equals(String.valueOf(Y.map(t, "metadata.labels").get("strimzi.io/cluster")))) {
                problem("KafkaTopic " + name + " is not labelled strimzi.io/cluster=" + cluster);
            }
        }
        for (CodeFacts.Topic topic : facts.topics.values()) {
            Map<String, Object> t = topics.get(topic.name());
            if (t == null) {
                problem("topic " + topic.name() + " (declared in code) has no KafkaTopic");
                continue;
            }
            String partitions = Y.str(t, "spec.partitions");
            if (!String.valueOf(topic.partitions()).equals(partitions)) {
                problem("KafkaTopic " + topic.name() + " has " + partitions + " partitions, the code declares "
                        + topic.partitions() + " (Topics.PARTITIONS)");
            }
            String policy = String.valueOf(Y.map(t, "spec.config").getOrDefault("cleanup.policy", "delete"));
            if (!policy.equals(topic.cleanupPolicy())) {
                problem("KafkaTopic " + topic.name() + " has cleanup.policy " + policy + ", the code declares " + topic.cleanupPolicy());
            }
            int replicas = Y.integer(Y.at(t, "spec.replicas"));
            if (replicas > brokers || replicas < minIsr) {
                problem("KafkaTopic " + topic.name() + ": " + replicas + " replicas with " + brokers
                        + " brokers and min.insync.replicas " + minIsr + " (acks=all producers would fail)");
            }
        }
        for (String name : topics.keySet()) {
            if (!facts.topics.containsKey(name)) {
                problem("KafkaTopic " + name + " is neither a contract topic nor declared by a service");
            }
        }
        if (!all("NetworkPolicy").isEmpty()) {
            for (Map<String, Object> l : listeners.values()) {
                List<Map<String, Object>> peers = Y.maps(l, "networkPolicyPeers");
                for (Pods p : pods.values()) {
                    boolean client = p.env().containsKey("CRM_KAFKA_BOOTSTRAP");
                    boolean admitted = peers.stream().anyMatch(peer -> Y.selects(Y.map(peer, "podSelector.matchLabels"), p.labels()));
                    if (client != admitted) {
                        problem("Kafka listener " + Y.str(l, "name") + (client ? " does not admit " : " admits ") + p.app()
                                + (client ? ", which uses Kafka" : ", which does not use Kafka") + " (networkPolicyPeers)");
                    }
                }
            }
        }
    }

    private void checkPostgres() {
        for (Pods p : pods.values()) {
            String host = p.env().get("CRM_DB_HOST");
            if (host == null) {
                continue;
            }
            String cluster = host.endsWith("-rw") ? host.substring(0, host.length() - 3) : host;
            if (!host.endsWith("-rw") || named("Cluster", cluster).isEmpty()) {
                problem(p.app() + ": CRM_DB_HOST=" + host + " is not the read-write Service (<cluster>-rw) of a CloudNativePG Cluster here");
                continue;
            }
            if (!"5432".equals(p.env().get("CRM_DB_PORT"))) {
                problem(p.app() + ": CRM_DB_PORT must be 5432 (CloudNativePG's -rw Service)");
            }
            String db = p.env().get("CRM_DB_NAME");
            Optional<Map<String, Object>> database = all("Database").stream()
                    .filter(d -> Objects.equals(db, Y.str(d, "spec.name")) && cluster.equals(Y.str(d, "spec.cluster.name")))
                    .findFirst();
            if (database.isEmpty()) {
                problem(p.app() + ": no CloudNativePG Database " + db + " in Cluster " + cluster);
                continue;
            }
            String owner = Y.str(database.get(), "spec.owner");
            Map<String, Object> role = Y.maps(named("Cluster", cluster).get(), "spec.managed.roles").stream()
                    .filter(r -> Objects.equals(owner, Y.str(r, "name"))).findFirst().orElse(null);
            if (role == null) {
                problem("Database " + db + ": its owner " + owner + " is not a managed role of Cluster " + cluster);
                continue;
            }
            String secret = Y.str(role, "passwordSecret.name");
            secrets.add(secret);
            for (String v : List.of("CRM_DB_USER", "CRM_DB_PASSWORD")) {
                String value = String.valueOf(p.env().get(v));
                if (!value.startsWith("<secret " + secret + "/")) {
                    problem(p.app() + ": " + v + " must come from Secret " + secret + " (role " + owner + "'s), not " + value);
                }
            }
        }
    }

    private void checkNetworkPolicies() {
        List<Map<String, Object>> policies = all("NetworkPolicy");
        if (policies.isEmpty()) {
            return;
        }
        boolean defaultDeny = policies.stream().anyMatch(np -> Y.map(np, "spec.podSelector").isEmpty()
                && Y.list(np, "spec.policyTypes").contains("Ingress") && Y.list(np, "spec.ingress").isEmpty());
        if (!defaultDeny) {
            problem("NetworkPolicies without a default deny of ingress: anything not named would be open");
        }
        for (Edge e : edges) {
            Pods target = pods.get(e.to());
            Pods caller = pods.get(e.from());
            if (!admits(target.labels(), e.port(), peer -> Y.selects(Y.map(peer, "podSelector.matchLabels"), caller.labels())
                    && !peer.containsKey("namespaceSelector"))) {
                problem("no NetworkPolicy lets " + e.from() + " reach " + e.to() + " on port " + e.port()
                        + " (it calls it: see its environment)");
            }
        }
        for (String app : List.of(CodeFacts.GATEWAY, CodeFacts.IDENTITY)) {
            Pods p = pods.get(app);
            if (p != null && !admits(p.labels(), CodeFacts.get().ports.get(app), peer -> peer.containsKey("namespaceSelector"))) {
                problem("no NetworkPolicy lets the ingress controller reach " + app);
            }
        }
        for (String service : CodeFacts.get().services) {
            Pods p = pods.get(service);
            if (p == null) {
                continue;
            }
            for (Map<String, Object> peer : peersOf(p.labels())) {
                if (peer.containsKey("namespaceSelector")) {
                    if (!"monitoring".equals(Y.map(peer, "namespaceSelector.matchLabels").get("kubernetes.io/metadata.name"))) {
                        problem(service + " is open to namespace " + Y.map(peer, "namespaceSelector") + ": only the gateway and its callers may reach it");
                    }
                    continue;
                }
                for (Pods other : pods.values()) {
                    if (Y.selects(Y.map(peer, "podSelector.matchLabels"), other.labels())
                            && !edges.contains(new Edge(other.app(), service, CodeFacts.get().ports.get(service)))) {
                        problem(service + " admits " + other.app() + ", which never calls it");
                    }
                }
            }
        }
        for (Map<String, Object> cluster : all("Cluster")) {
            Map<String, Object> labels = Map.of("cnpg.io/cluster", Y.name(cluster));
            for (Pods p : pods.values()) {
                boolean client = (Y.name(cluster) + "-rw").equals(p.env().get("CRM_DB_HOST"));
                boolean admitted = admits(labels, 5432, peer -> Y.selects(Y.map(peer, "podSelector.matchLabels"), p.labels()));
                if (client != admitted) {
                    problem("PostgreSQL " + Y.name(cluster) + (client ? " is closed to " : " is open to ") + p.app()
                            + (client ? ", which uses it" : ", which has no database"));
                }
            }
        }
    }

    private List<Map<String, Object>> peersOf(Map<String, Object> labels) {
        List<Map<String, Object>> peers = new ArrayList<>();
        for (Map<String, Object> np : all("NetworkPolicy")) {
            Map<String, Object> selector = Y.map(np, "spec.podSelector.matchLabels");
            if (!selector.isEmpty() && Y.selects(selector, labels)) {
                Y.maps(np, "spec.ingress").forEach(rule -> peers.addAll(Y.maps(rule, "from")));
            }
        }
        return peers;
    }

    private boolean admits(Map<String, Object> labels, int port, java.util.function.Predicate<Map<String, Object>> peerMatches) {
        for (Map<String, Object> np : all("NetworkPolicy")) {
            Map<String, Object> selector = Y.map(np, "spec.podSelector.matchLabels");
            if (selector.isEmpty() || !Y.selects(selector, labels)) {
                continue;
            }
            for (Map<String, Object> rule : Y.maps(np, "spec.ingress")) {
                List<Map<String, Object>> ports = Y.maps(rule, "ports");
                boolean portOk = ports.isEmpty() || ports.stream().anyMatch(x -> String.valueOf(port).equals(Y.str(x, "port"))
                        || "http".equals(Y.str(x, "port")));
                if (portOk && Y.maps(rule, "from").stream().anyMatch(peerMatches)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void checkScaling() {
        CodeFacts facts = CodeFacts.get();
        Map<String, Integer> maxReplicas = new LinkedHashMap<>();
        pods.values().forEach(p -> maxReplicas.put(p.app(), Y.integer(
                Optional.ofNullable(Y.at(named("Deployment", p.deployment()).orElseThrow(), "spec.replicas")).orElse(1))));
        for (Map<String, Object> hpa : all("HorizontalPodAutoscaler")) {
            String target = Y.str(hpa, "spec.scaleTargetRef.name");
            Pods p = pods.values().stream().filter(x -> x.deployment().equals(target)).findFirst().orElse(null);
            if (p == null) {
                problem("HorizontalPodAutoscaler " + Y.name(hpa) + " scales " + target + ", which is not deployed");
                continue;
            }
            int max = Y.integer(Y.at(hpa, "spec.maxReplicas"));
            maxReplicas.merge(p.app(), max, Math::max);
            if (p.app().equals(CodeFacts.IDENTITY)) {
                problem("identity must not be autoscaled: its authorizations and key live in one pod");
            }
            if (p.env().containsKey("CRM_KAFKA_BOOTSTRAP") && max > facts.partitions) {
                problem(p.app() + " may scale to " + max + " replicas, but its topics have " + facts.partitions
                        + " partitions: the extra consumers would idle (Topics.PARTITIONS)");
            }
        }
        Pods gateway = pods.get(CodeFacts.GATEWAY);
        if (gateway != null && maxReplicas.getOrDefault(CodeFacts.GATEWAY, 1) > 1) {
            String redis = gateway.env().get("CRM_REDIS_URL");
            Matcher m = redis == null ? null : Pattern.compile("redis://([^:/]+):(\\d+)").matcher(redis);
            if (m == null || !m.find() || named("Service", m.group(1)).isEmpty()) {
                problem("the gateway runs several replicas, so its rate limits need Redis: CRM_REDIS_URL must name a"
                        + " Service of the overlay (the in-memory store is per replica), not " + redis);
            }
        }
        for (Map<String, Object> pdb : all("PodDisruptionBudget")) {
            Map<String, Object> selector = Y.map(pdb, "spec.selector.matchLabels");
            if (pods.values().stream().noneMatch(p -> Y.selects(selector, p.labels()))) {
                problem("PodDisruptionBudget " + Y.name(pdb) + " selects no pods");
            }
        }
    }

    private void checkIngresses() {
        for (Map<String, Object> ingress : all("Ingress")) {
            for (Map<String, Object> rule : Y.maps(ingress, "spec.rules")) {
                for (Map<String, Object> path : Y.maps(rule, "http.paths")) {
                    String service = Y.str(path, "backend.service.name");
                    if (!List.of(CodeFacts.GATEWAY, CodeFacts.IDENTITY).contains(service)) {
                        problem("Ingress " + Y.name(ingress) + " exposes " + service + ": only the gateway and identity are reachable from outside");
                    } else if (named("Service", service).isEmpty()) {
                        problem("Ingress " + Y.name(ingress) + " routes to Service " + service + ", which is not in the overlay");
                    }
                }
            }
            Y.maps(ingress, "spec.tls").forEach(t -> secrets.add(Y.str(t, "secretName")));
        }
    }
}
