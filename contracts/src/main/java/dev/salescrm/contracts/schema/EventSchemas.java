package dev.salescrm.contracts.schema;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published JSON Schemas (draft 2020-12) of the event payloads, read from the classpath
 * ({@code schemas/<ce_type>.json}), and validation of a payload against the schema of its type.
 *
 * <p>Test-time tooling: it needs {@code com.networknt:json-schema-validator}, an optional
 * dependency of this module that only {@code platform-test} and these tests bring in. Services
 * never validate in production (see the README).
 *
 * <p>Formats ({@code uuid}, {@code date-time}, {@code date}) are asserted, not only annotated: a
 * payload whose {@code occurredAt} is not an ISO-8601 instant is a violation.
 */
public final class EventSchemas {

    /** The {@code $id} prefix of every schema; mapped to {@code classpath:schemas/}. */
    public static final String BASE_URI = "https://schemas.salescrm.dev/events/";
    /** Where the schemas live on the classpath. */
    public static final String RESOURCE_DIR = "schemas/";

    private static final EventSchemas CLASSPATH = new EventSchemas();

    private final SchemaRegistry registry;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private EventSchemas() {
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
                .schemaIdResolvers(resolvers -> resolvers.mapPrefix(BASE_URI, "classpath:" + RESOURCE_DIR))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    /** The schemas shipped in this module. */
    public static EventSchemas fromClasspath() {
        return CLASSPATH;
    }

    /** One schema violation: where in the payload (a JSON Pointer, {@code /} for the root) and what is wrong. */
    public record Violation(String path, String message) {
        @Override
        public String toString() {
            return path + ": " + message;
        }
    }

    /** Thrown for a type that has no schema: an event nobody described must not be published. */
    public static final class UnknownEventTypeException extends IllegalArgumentException {
        public UnknownEventTypeException(String type) {
            super("no schema for type " + type + " (expected " + RESOURCE_DIR + type + ".json in the contracts module)");
        }
    }

    public boolean hasSchema(String type) {
        return isTypeName(type) && EventSchemas.class.getClassLoader().getResource(RESOURCE_DIR + type + ".json") != null;
    }

    /**
     * Validates a payload against its type's schema.
     *
     * @return the violations; empty when the payload conforms
     * @throws UnknownEventTypeException when the type has no schema
     */
    public List<Violation> validate(String type, String payloadJson) {
        Schema schema = schema(type);
        JsonNode payload;
        try {
            payload = json.readTree(payloadJson);
        } catch (JacksonException e) {
            return List.of(new Violation("/", "not valid JSON: " + e.getOriginalMessage()));
        }
        return toViolations(schema.validate(payload));
    }

    /** Validates any JSON document against the schema at an absolute URI (e.g. a 2020-12 meta-schema). */
    public List<Violation> validateAgainst(String schemaUri, JsonNode document) {
        return toViolations(registry.getSchema(SchemaLocation.of(schemaUri)).validate(document));
    }

    private Schema schema(String type) {
        if (!hasSchema(type)) {
            throw new UnknownEventTypeException(type);
        }
        return schemas.computeIfAbsent(type, t -> registry.getSchema(SchemaLocation.of(BASE_URI + t + ".json")));
    }

    private static List<Violation> toViolations(List<Error> errors) {
        return errors.stream()
                .map(e -> new Violation(pointer(e), e.getMessage()))
                .toList();
    }

    private static String pointer(Error error) {
        String path = String.valueOf(error.getInstanceLocation());
        return path.isEmpty() ? "/" : path;
    }

    /** Guards the resource lookup: a type is a plain name, never a path. */
    private static boolean isTypeName(String type) {
        return type != null && type.matches("crm(\\.[a-z0-9-]+)+\\.v[0-9]+");
    }
}
