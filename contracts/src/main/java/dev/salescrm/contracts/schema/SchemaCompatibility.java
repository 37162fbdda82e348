package dev.salescrm.contracts.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares the event schemas of the previous released version with the current ones and reports
 * every change that would break an existing consumer:
 * <ul>
 *   <li>a schema (event type) removed;</li>
 *   <li>a property removed;</li>
 *   <li>a {@code type} or {@code format} changed (also added to or removed from a property);</li>
 *   <li>a property newly listed in {@code required} (consumers of old events would lack it, and a
 *       producer on the old contract would violate it);</li>
 *   <li>an {@code enum} value removed, or an {@code enum} put on a property that had none;</li>
 *   <li>{@code additionalProperties: false} introduced (it forbids every later additive change);</li>
 *   <li>an {@code allOf}/{@code anyOf}/{@code oneOf} changed at all — not analysed, so treated as
 *       breaking until a person decides (then it is a new {@code .v2} type, or a new released version).</li>
 * </ul>
 * Added optional properties, added types and added enum values are compatible. {@code $ref}s are
 * followed on both sides (within each version's own files), so a change in {@code common.json} is
 * reported in every type that uses it, at the path where it is used.
 *
 * <p>A schema directory holds {@code <ce_type>.json} files plus shared files (like
 * {@code common.json}) whose names are not event types.
 */
public final class SchemaCompatibility {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> COMPOSITIONS = List.of("allOf", "anyOf", "oneOf");

    private SchemaCompatibility() {
    }

    /** A breaking change: the event type, the field path inside its payload, and what changed. */
    public record Breaking(String type, String path, String problem) {
        @Override
        public String toString() {
            return type + " " + path + ": " + problem;
        }
    }

    /** The newest released version under {@code releasedRoot} ({@code v1}, {@code v2}, … each holding {@code schemas/}). */
    public static Path latestReleased(Path releasedRoot) {
        try (Stream<Path> versions = Files.list(releasedRoot)) {
            return versions.filter(p -> p.getFileName().toString().matches("v\\d+"))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(1))))
                    .map(p -> p.resolve("schemas"))
                    .orElseThrow(() -> new IllegalStateException("no released version (v1, v2, …) under " + releasedRoot));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every breaking change from the schemas in {@code released} to those in {@code current}; empty when compatible. */
    public static List<Breaking> compare(Path released, Path current) {
        SchemaSet before = new SchemaSet(released);
        SchemaSet after = new SchemaSet(current);
        List<Breaking> breaking = new ArrayList<>();
        for (String type : before.eventTypes()) {
            if (!after.has(type)) {
                breaking.add(new Breaking(type, "(schema)",
                        "schema removed: consumers of this type lose their contract (publish a new .v2 type instead)"));
                continue;
            }
            new Walk(type, before, after, breaking).compare("", new Located(type + ".json", before.root(type)),
                    new Located(type + ".json", after.root(type)));
        }
        return breaking;
    }

    /** Fails with every breaking change, one per line, when there is any. */
    public static void requireCompatible(Path released, Path current) {
        List<Breaking> breaking = compare(released, current);
        if (!breaking.isEmpty()) {
            StringBuilder message = new StringBuilder("incompatible event schema changes (")
                    .append(current).append(" against the released ").append(released).append("):");
            breaking.forEach(b -> message.append("\n  - ").append(b));
            message.append("\nAdd optional fields only; a breaking change is a new .v2 event type.");
            throw new AssertionError(message.toString());
        }
    }

    // ---- walking -------------------------------------------------------------------------------

    private record Located(String file, JsonNode node) {
    }

    private static final class Walk {
        private final String type;
        private final SchemaSet before;
        private final SchemaSet after;
        private final List<Breaking> out;
        private final Set<String> visiting = new HashSet<>();

        Walk(String type, SchemaSet before, SchemaSet after, List<Breaking> out) {
            this.type = type;
            this.before = before;
            this.after = after;
            this.out = out;
        }

        void compare(String path, Located oldSchema, Located newSchema) {
            Located o = before.deref(oldSchema);
            Located n = after.deref(newSchema);
            String key = path + "|" + System.identityHashCode(o.node()) + "|" + System.identityHashCode(n.node());
            if (!visiting.add(key)) {
                return; // a recursive schema: already being compared on this path
            }
            try {
                compareNodes(path, o, n);
            } finally {
                visiting.remove(key);
            }
        }

        private void compareNodes(String path, Located o, Located n) {
            JsonNode old = o.node();
            JsonNode now = n.node();
            if (!old.isObject() || !now.isObject()) {
                if (!old.equals(now)) {
                    report(path, "schema changed from " + old + " to " + now);
                }
                return;
            }
            Set<String> oldTypes = types(old);
            Set<String> newTypes = types(now);
            if (!oldTypes.equals(newTypes)) {
                report(path, "type changed from " + describe(oldTypes) + " to " + describe(newTypes));
            }
            String oldFormat = text(old, "format");
            String newFormat = text(now, "format");
            if (!Objects.equals(oldFormat, newFormat)) {
                report(path, "format changed from " + quoted(oldFormat) + " to " + quoted(newFormat));
            }
            if (old.has("enum") || now.has("enum")) {
                compareEnums(path, old, now);
            }
            Set<String> newlyRequired = new TreeSet<>(strings(now.get("required")));
            newlyRequired.removeAll(strings(old.get("required")));
            for (String field : newlyRequired) {
                report(child(path, field), "newly required (it was optional or did not exist)");
            }
            if (!isFalse(old.get("additionalProperties")) && isFalse(now.get("additionalProperties"))) {
                report(path, "additionalProperties set to false (forbids adding optional fields later)");
            }
            JsonNode oldProps = old.get("properties");
            JsonNode newProps = now.get("properties");
            if (oldProps != null && oldProps.isObject()) {
                for (String field : oldProps.propertyNames()) {
                    JsonNode newProp = newProps == null ? null : newProps.get(field);
                    if (newProp == null) {
                        report(child(path, field), "property removed");
                    } else {
                        compare(child(path, field), new Located(o.file(), oldProps.get(field)),
                                new Located(n.file(), newProp));
                    }
                }
            }
            if (old.has("items") && now.has("items")) {
                compare(path + "[]", new Located(o.file(), old.get("items")), new Located(n.file(), now.get("items")));
            } else if (old.has("items") != now.has("items")) {
                report(path + "[]", "items schema " + (old.has("items") ? "removed" : "added"));
            }
            for (String composition : COMPOSITIONS) {
                if (!Objects.equals(old.get(composition), now.get(composition))) {
                    report(path, composition + " changed (not analysed automatically; treated as breaking)");
                }
            }
        }

        private void compareEnums(String path, JsonNode old, JsonNode now) {
            if (!now.has("enum")) {
                return; // the enum was lifted: any value is accepted now, which old consumers' values include
            }
            if (!old.has("enum")) {
                report(path, "enum introduced: values outside " + now.get("enum") + " are no longer allowed");
                return;
            }
            Set<String> removed = new TreeSet<>(enumValues(old.get("enum")));
            removed.removeAll(enumValues(now.get("enum")));
            if (!removed.isEmpty()) {
                report(path, "enum value(s) removed: " + removed);
            }
        }

        private void report(String path, String problem) {
            out.add(new Breaking(type, path.isEmpty() ? "(root)" : path, problem));
        }
    }

    // ---- a version's files ---------------------------------------------------------------------

    private static final class SchemaSet {
        private final Path dir;
        private final Map<String, JsonNode> files = new HashMap<>();

        SchemaSet(Path dir) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("not a schema directory: " + dir);
            }
            this.dir = dir;
        }

        /** Event types: files whose name is {@code crm.<…>.v<n>.json}. */
        Set<String> eventTypes() {
            try (Stream<Path> list = Files.list(dir)) {
                return list.map(p -> p.getFileName().toString())
                        .filter(name -> name.matches("crm\\..+\\.v\\d+\\.json"))
                        .map(name -> name.substring(0, name.length() - ".json".length()))
                        .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean has(String type) {
            return Files.isRegularFile(dir.resolve(type + ".json"));
        }

        JsonNode root(String type) {
            return file(type + ".json");
        }

        JsonNode file(String name) {
            return files.computeIfAbsent(name, n -> {
                Path path = dir.resolve(n).normalize();
                if (!path.startsWith(dir.normalize()) || !Files.isRegularFile(path)) {
                    throw new IllegalArgumentException("unresolvable $ref to " + n + " in " + dir);
                }
                try {
                    return JSON.readTree(path.toFile());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage(), e);
                }
            });
        }

        /** Follows {@code $ref} chains (relative file + JSON pointer fragment). */
        Located deref(Located schema) {
            Located current = schema;
            Set<String> seen = new LinkedHashSet<>();
            while (current.node().isObject() && current.node().has("$ref")) {
                String ref = current.node().get("$ref").asString();
                int hash = ref.indexOf('#');
                String fileName = hash < 0 ? ref : ref.substring(0, hash);
                String pointer = hash < 0 ? "" : ref.substring(hash + 1);
                String file = fileName.isEmpty() ? current.file() : fileName;
                if (!seen.add(file + "#" + pointer)) {
                    throw new IllegalArgumentException("$ref cycle: " + seen);
                }
                JsonNode target = file(file).at(pointer);
                if (target.isMissingNode()) {
                    throw new IllegalArgumentException("unresolvable $ref " + ref + " in " + current.file() + " (" + dir + ")");
                }
                current = new Located(file, target);
            }
            return current;
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static Set<String> types(JsonNode schema) {
        JsonNode type = schema.get("type");
        Set<String> types = new TreeSet<>();
        if (type == null) {
            return types;
        }
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asString()));
        } else {
            types.add(type.asString());
        }
        return types;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new TreeSet<>();
        if (array != null && array.isArray()) {
            array.forEach(v -> values.add(v.asString()));
        }
        return values;
    }

    private static Set<String> enumValues(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.toString()));
        return values;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null ? null : value.asString();
    }

    private static boolean isFalse(JsonNode node) {
        return node != null && node.isBoolean() && !node.booleanValue();
    }

    private static String describe(Set<String> types) {
        return types.isEmpty() ? "(any)" : types.size() == 1 ? quoted(types.iterator().next()) : types.toString();
    }

    private static String quoted(String value) {
        return value == null ? "(none)" : "\"" + value + "\"";
    }

    private static String child(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
