package dev.salescrm.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small helpers over parsed YAML (maps, lists, scalars). */
final class Y {

    private Y() {
    }

    /** The value at a dotted path ("spec.template.spec"), or null. */
    static Object at(Object node, String path) {
        Object current = node;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String path) {
        Object v = path.isEmpty() ? node : at(node, path);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String path) {
        Object v = path.isEmpty() ? node : at(node, path);
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }

    static List<Map<String, Object>> maps(Object node, String path) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list(node, path)) {
            out.add(map(o, ""));
        }
        return out;
    }

    static String str(Object node, String path) {
        Object v = at(node, path);
        return v == null ? null : String.valueOf(v);
    }

    /** An integer field; -1 when it is not one (the schema validators report the type error itself). */
    static int integer(Object value) {
        try {
            return Integer.parseInt(String.valueOf(value));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String kind(Map<String, Object> doc) {
        return str(doc, "kind");
    }

    static String name(Map<String, Object> doc) {
        return str(doc, "metadata.name");
    }

    /** Do these matchLabels select a pod with these labels? */
    static boolean selects(Map<String, Object> matchLabels, Map<String, Object> labels) {
        return !matchLabels.isEmpty() && matchLabels.entrySet().stream()
                .allMatch(e -> String.valueOf(e.getValue()).equals(String.valueOf(labels.get(e.getKey()))));
    }
}
