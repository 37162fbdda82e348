package dev.salescrm.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.strimzi.api.kafka.model.common.UnknownPropertyPreserving;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Strimzi resources checked against Strimzi's own API model (io.strimzi:api), the classes the operator reads
 * them into: no Strimzi CRD schema is published on npm or Maven Central. Caught: a field the model does not
 * have at any depth (the model keeps unknown fields aside instead of failing, so they are collected here),
 * a value of the wrong type (no coercion: "3" is not a number), an unknown enum value or {@code type}
 * discriminator, and an apiVersion other than kafka.strimzi.io/v1 (v1beta2 is removed in Strimzi 1.0).
 * Not caught: the CRD's required fields and numeric bounds (K8sRules checks the ones the suite relies on).
 */
final class StrimziModel {

    static final String API_VERSION = Kafka.RESOURCE_GROUP + "/v1";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private static final Map<String, Class<?>> KINDS = Map.of(
            Kafka.RESOURCE_KIND, Kafka.class,
            KafkaNodePool.RESOURCE_KIND, KafkaNodePool.class,
            KafkaTopic.RESOURCE_KIND, KafkaTopic.class);

    private StrimziModel() {
    }

    static List<String> check(String where, List<Map<String, Object>> docs) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> doc : docs) {
            String apiVersion = Y.str(doc, "apiVersion");
            if (apiVersion == null || !apiVersion.startsWith(Kafka.RESOURCE_GROUP + "/")) {
                continue;
            }
            String id = where + ": " + Y.kind(doc) + "/" + Y.name(doc);
            if (!API_VERSION.equals(apiVersion)) {
                problems.add(id + ": apiVersion " + apiVersion + ", expected " + API_VERSION);
            }
            Class<?> type = KINDS.get(Y.kind(doc));
            if (type == null) {
                problems.add(id + ": kind not checked by this build (only Kafka, KafkaNodePool, KafkaTopic are)");
                continue;
            }
            Object model;
            try {
                model = MAPPER.convertValue(doc, type);
            } catch (IllegalArgumentException e) {
                problems.add(id + ": " + e.getMessage().lines().findFirst().orElse(e.toString()));
                continue;
            }
            collectUnknown(model, "", problems, id, 0);
        }
        return List.copyOf(new LinkedHashSet<>(problems)); // a spec reachable through two getters is reported once
    }

    private static void collectUnknown(Object node, String path, List<String> problems, String id, int depth) {
        if (node == null || depth > 40) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknown(item, path + "[" + i++ + "]", problems, id, depth + 1);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknown(v, path + "." + k, problems, id, depth + 1));
            return;
        }
        if (!node.getClass().getName().startsWith("io.strimzi.api.")) {
            return;
        }
        if (node instanceof UnknownPropertyPreserving preserving && preserving.getAdditionalProperties() != null
                && !preserving.getAdditionalProperties().isEmpty()) {
            problems.add(id + ": unknown field(s) " + preserving.getAdditionalProperties().keySet() + " at "
                    + (path.isEmpty() ? "/" : path) + " (not in Strimzi's " + node.getClass().getSimpleName() + ")");
        }
        for (Method m : node.getClass().getMethods()) {
            String name = m.getName();
            boolean getter = m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
                    && (name.startsWith("get") && name.length() > 3) && !name.equals("getAdditionalProperties")
                    && !m.getDeclaringClass().getName().startsWith("java.");
            if (!getter) {
                continue;
            }
            try {
                Object value = m.invoke(node);
                String property = Character.toLowerCase(name.charAt(3)) + name.substring(4);
                collectUnknown(value, path + "." + property, problems, id, depth + 1);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a derived getter that needs more state than the model has; nothing to check there
            }
        }
    }
}
