package dev.salescrm.contracts.schema;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract is complete and consistent: every type in {@link EventTypes} has a schema and an
 * AsyncAPI message on the channel of its topic, every schema file is a type, every schema is a
 * valid 2020-12 schema whose examples validate.
 */
class ContractCatalogueTest {

    static final Path SCHEMA_DIR = Path.of("src/main/resources/schemas");
    static final Path ASYNCAPI = Path.of("asyncapi.yaml");
    static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
    static final Set<String> SHARED_FILES = Set.of("common");

    static final JsonMapper JSON = JsonMapper.builder().build();
    static JsonNode asyncApi;

    @BeforeAll
    static void readAsyncApi() {
        asyncApi = YAMLMapper.builder().build().readTree(ASYNCAPI.toFile());
    }

    static List<String> types() {
        return EventTypes.ALL;
    }

    static List<String> schemaFiles() throws IOException {
        try (Stream<Path> files = Files.list(SCHEMA_DIR)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void everyTypeConstantIsListedWithItsTopic() throws IllegalAccessException {
        Set<String> constants = new TreeSet<>();
        for (Field field : EventTypes.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                constants.add((String) field.get(null));
            }
        }
        assertThat(constants).as("EventTypes constants vs EventTypes.ALL").containsExactlyInAnyOrderElementsOf(EventTypes.ALL);
        assertThat(constants).hasSizeGreaterThanOrEqualTo(34).contains(EventTypes.LEAD_CREATED);
        Set<String> topics = new TreeSet<>(EventTypes.TOPIC_OF_TYPE.values());
        assertThat(topics).containsExactlyInAnyOrder(Topics.LEAD_EVENTS, Topics.CAMPAIGN_EVENTS, Topics.ACCOUNT_EVENTS,
                Topics.OPPORTUNITY_EVENTS, Topics.CATALOG_EVENTS, Topics.CATALOG_PRICES, Topics.BILLING_EVENTS);
    }

    @Test
    void everySchemaFileIsATypeAndEveryTypeHasOne() throws IOException {
        Set<String> fileTypes = new TreeSet<>();
        for (String file : schemaFiles()) {
            assertThat(file).as("schema file name").endsWith(".json");
            String name = file.substring(0, file.length() - ".json".length());
            if (!SHARED_FILES.contains(name)) {
                fileTypes.add(name);
            }
        }
        assertThat(fileTypes).as("schema files (left) vs EventTypes (right)")
                .containsExactlyInAnyOrderElementsOf(EventTypes.ALL);
    }

    @Test
    void everyTypeIsAMessageOnTheChannelOfItsTopicAndNothingElseIs() {
        Map<String, String> messageTopics = new TreeMap<>();
        for (var channel : asyncApi.get("channels").properties()) {
            String address = channel.getValue().get("address").asString();
            for (var message : channel.getValue().get("messages").properties()) {
                JsonNode resolved = resolveLocal(message.getValue());
                String name = resolved.path("name").asString();
                if (name.startsWith("crm.")) {
                    messageTopics.put(name, address);
                }
            }
        }
        assertThat(messageTopics).as("AsyncAPI messages and their channel address (left) vs EventTypes.TOPIC_OF_TYPE")
                .containsExactlyInAnyOrderEntriesOf(EventTypes.TOPIC_OF_TYPE);
    }

    @ParameterizedTest
    @MethodSource("types")
    void theAsyncApiMessageOfATypeUsesItsSchemaTheCloudEventsHeadersAndDescribesTheKey(String type) {
        JsonNode message = asyncApi.at("/components/messages/" + type);
        assertThat(message.isMissingNode()).as("components.messages." + type).isFalse();
        assertThat(message.at("/payload/$ref").asString()).isEqualTo("./src/main/resources/schemas/" + type + ".json");
        assertThat(message.at("/headers/allOf/0/$ref").asString()).isEqualTo("#/components/schemas/CloudEventsHeaders");
        assertThat(message.at("/headers/allOf/1/properties/ce_type/const").asString()).isEqualTo(type);
        assertThat(message.at("/bindings/kafka/key/type").asString()).isEqualTo("string");
        assertThat(message.at("/bindings/kafka/key/description").asString()).isNotBlank();
    }

    @Test
    void theHeadersComponentListsEveryCloudEventsHeader() {
        JsonNode headers = asyncApi.at("/components/schemas/CloudEventsHeaders/properties");
        assertThat(headers.propertyNames()).containsExactlyInAnyOrder("ce_specversion", "ce_id", "ce_source", "ce_type",
                "ce_subject", "ce_time", "content-type", "traceparent");
    }

    @ParameterizedTest
    @MethodSource("schemaFiles")
    void everySchemaIsAValid2020_12Schema(String file) {
        JsonNode schema = JSON.readTree(SCHEMA_DIR.resolve(file).toFile());

        assertThat(EventSchemas.fromClasspath().validateAgainst(META_SCHEMA, schema)).as(file).isEmpty();
        assertThat(schema.path("$schema").asString()).isEqualTo(META_SCHEMA);
        assertThat(schema.path("$id").asString()).isEqualTo(EventSchemas.BASE_URI + file);
        assertThat(schema.path("title").asString()).isNotBlank();
        assertThat(schema.path("description").asString()).isNotBlank();
    }

    @Test
    void theMetaSchemaCheckRejectsAnInvalidSchema() {
        JsonNode broken = JSON.readTree("""
                {"type": "object", "required": "leadId", "properties": {"leadId": {"type": "uuid"}}}
                """);

        assertThat(EventSchemas.fromClasspath().validateAgainst(META_SCHEMA, broken)).extracting(v -> v.path())
                .contains("/required", "/properties/leadId/type");
    }

    @ParameterizedTest
    @MethodSource("types")
    void everyEventSchemaFollowsThePayloadConventions(String type) {
        JsonNode schema = JSON.readTree(SCHEMA_DIR.resolve(type + ".json").toFile());

        assertThat(schema.path("type").asString()).isEqualTo("object");
        assertThat(schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").booleanValue())
                .as("additionalProperties must not be false: adding optional fields must stay compatible").isFalse();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asString()));
        assertThat(required).contains("occurredAt");
        assertThat(schema.path("properties").propertyNames()).contains("occurredAt", "actor");
        String aggregateId = schema.path("properties").propertyNames().iterator().next();
        assertThat(aggregateId).as("first property is the aggregate id").endsWith("Id");
        assertThat(required).as("the aggregate id is required").contains(aggregateId);
        assertThat(schema.path("properties").path(aggregateId).path("format").asString()).isEqualTo("uuid");
    }

    @ParameterizedTest
    @MethodSource("types")
    void everySchemaHasExamplesThatValidate(String type) {
        JsonNode schema = JSON.readTree(SCHEMA_DIR.resolve(type + ".json").toFile());
        JsonNode examples = schema.path("examples");

        assertThat(examples.isArray() && !examples.isEmpty()).as(type + " has examples").isTrue();
        for (JsonNode example : examples) {
            assertThat(EventSchemas.fromClasspath().validate(type, JSON.writeValueAsString(example)))
                    .as("example of " + type + ": " + example).isEmpty();
        }
    }

    @Test
    void theValidatorReadsTheSameSchemasAsTheSourceTree() throws IOException {
        // The validator reads the classpath copy; make sure it is the source tree's (no stale resources).
        for (String file : schemaFiles()) {
            try (var in = EventSchemas.class.getClassLoader().getResourceAsStream(EventSchemas.RESOURCE_DIR + file)) {
                assertThat(in).as(file + " on the classpath").isNotNull();
                assertThat(JSON.readTree(in)).isEqualTo(JSON.readTree(SCHEMA_DIR.resolve(file).toFile()));
            }
        }
    }

    private static JsonNode resolveLocal(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : asyncApi.at(ref.asString().substring(1));
    }
}
