package dev.salescrm.opportunity.quote;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.catalog.pricing.replica.PriceReplica;
import dev.salescrm.catalog.pricing.replica.PriceUpsertedV1;
import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TestEvents;
import dev.salescrm.platform.test.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the quote tests stand on: opportunities as the saga or the API leave them, prices published
 * on the compacted price topic exactly as catalog-service publishes them (so they reach quotes only
 * through the service's own price replica), and the HTTP calls of the quote API.
 */
final class QuoteFixture {

    static final Duration BOUND = Duration.ofSeconds(60);
    static final String NEXT_YEAR = LocalDate.now().plusYears(1).toString();

    private final WebTestClient http;
    private final DatabaseClient db;
    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final PriceReplica replica;
    private final ApplicationContext context;

    QuoteFixture(ApplicationContext context) {
        this.context = context;
        this.http = context.getBean(WebTestClient.class);
        this.db = context.getBean(DatabaseClient.class);
        @SuppressWarnings("unchecked")
        KafkaTemplate<String, String> template = context.getBean(KafkaTemplate.class);
        this.kafka = template;
        this.json = context.getBean(JsonMapper.class);
        this.replica = context.getBean(PriceReplica.class);
    }

    /** An open opportunity of {@code owner} for a new account, with estimated revenue in {@code currency} (or none). */
    UUID opportunity(String owner, String currency) {
        UUID id = Ids.newId();
        var spec = db.sql("""
                        INSERT INTO opportunity (id, name, account_id, owner_id, stage, status, status_reason, probability,
                                                 estimated_revenue_amount, estimated_revenue_currency, version,
                                                 created_at, created_by, updated_at)
                        VALUES (:id, :name, :account, :owner, 'PROPOSE', 'OPEN', 'IN_PROGRESS', 60,
                                CAST(:amount AS numeric), :currency, 1, now(), :owner, now())
                        """)
                .bind("id", id).bind("name", "فرصت فروش " + id).bind("account", Ids.newId());
        spec = owner == null ? spec.bindNull("owner", String.class) : spec.bind("owner", owner);
        spec = currency == null ? spec.bindNull("amount", String.class).bindNull("currency", String.class)
                : spec.bind("amount", "1000").bind("currency", currency);
        spec.fetch().rowsUpdated().block();
        return id;
    }

    /** The account of a seeded opportunity. */
    UUID accountOf(UUID opportunityId) {
        return db.sql("SELECT account_id FROM opportunity WHERE id = :id").bind("id", opportunityId)
                .map(row -> row.get(0, UUID.class)).one().block();
    }

    /** A price as catalog-service publishes it (key {@code priceListId:productId:unitId}), once the replica has it. */
    void price(UUID priceListId, UUID productId, UUID unitId, Money price, String unitQuantity,
               PriceUpsertedV1.Discount discount) throws Exception {
        var event = new PriceUpsertedV1(priceListId, productId, unitId, price, "SKU-" + productId.toString().substring(0, 8),
                unitQuantity, "CURRENCY_AMOUNT", discount, 1L, Instant.now(), "cathy");
        kafka.send(TestEvents.record(Topics.CATALOG_PRICES, event.key(), EventTypes.PRICE_UPSERTED,
                UUID.randomUUID().toString(), json.writeValueAsString(event))).get();
        await().atMost(BOUND).until(() -> replica.find(priceListId, productId, unitId).blockOptional()
                .map(p -> p.price().equals(price) && p.unitQuantity().compareTo(new java.math.BigDecimal(unitQuantity)) == 0)
                .orElse(false));
    }

    /** PERCENTAGE bands {@code [from, to) value}: pairs of strings, {@code to} null for the open end. */
    static PriceUpsertedV1.Discount percentBands(String... fromToValue) {
        List<PriceUpsertedV1.Band> bands = new java.util.ArrayList<>();
        for (int i = 0; i < fromToValue.length; i += 3) {
            bands.add(new PriceUpsertedV1.Band(fromToValue[i], fromToValue[i + 1], fromToValue[i + 2]));
        }
        return new PriceUpsertedV1.Discount("PERCENTAGE", bands);
    }

    // ---- HTTP

    WebTestClient.ResponseSpec call(HttpMethod method, String token, String path, Object body, String ifMatch) {
        var request = http.method(method).uri(path).headers(h -> {
            if (token != null) {
                h.set(HttpHeaders.AUTHORIZATION, token);
            }
            if (ifMatch != null) {
                h.set(HttpHeaders.IF_MATCH, ifMatch);
            }
        });
        return body == null ? request.exchange() : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    WebTestClient.ResponseSpec post(String token, String path, Object body) {
        return call(HttpMethod.POST, token, path, body, null);
    }

    JsonNode body(WebTestClient.ResponseSpec response, int status) {
        return response.expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** A draft quote of the opportunity, through the API. */
    JsonNode quote(String token, UUID opportunityId, UUID priceListId, String name) {
        return body(post(token, "/api/opportunities/" + opportunityId + "/quotes",
                Map.of("name", name, "priceListId", priceListId.toString(), "validUntil", NEXT_YEAR)), 201);
    }

    JsonNode addLine(String token, JsonNode quote, Map<String, Object> line) {
        return body(post(token, "/api/quotes/" + id(quote) + "/lines", line), 201);
    }

    JsonNode verb(String token, JsonNode quote, String verb, Object body, int status) {
        return body(post(token, "/api/quotes/" + id(quote) + "/" + verb, body), status);
    }

    JsonNode get(String token, JsonNode quote) {
        return body(call(HttpMethod.GET, token, "/api/quotes/" + id(quote), null, null), 200);
    }

    static String id(JsonNode resource) {
        return resource.get("id").asString();
    }

    static Map<String, Object> money(String amount, String currency) {
        return Map.of("amount", amount, "currency", currency);
    }

    long count(String sql, Object id) {
        return db.sql(sql).bind("id", id).map(row -> row.get(0, Long.class)).one().block();
    }

    // ---- events

    /** The records of one opportunity (its key) on the opportunity topic, once {@code done} holds for them. */
    List<ConsumerRecord<String, String>> eventsOf(UUID opportunityId,
                                                  java.util.function.Predicate<List<ConsumerRecord<String, String>>> done) {
        String bootstrap = ServiceTestInfrastructure.broker(context).getBrokersAsString();
        java.util.function.Function<List<ConsumerRecord<String, String>>, List<ConsumerRecord<String, String>>> mine =
                records -> records.stream().filter(r -> opportunityId.toString().equals(r.key())).toList();
        return mine.apply(TopicReader.readUntil(bootstrap, Topics.OPPORTUNITY_EVENTS, BOUND, records -> done.test(mine.apply(records))));
    }

    /** The types of an opportunity's events, in the order they were published (one partition per key). */
    List<String> typesOf(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> TopicReader.header(r, "ce_type")).toList();
    }

    JsonNode data(ConsumerRecord<String, String> record) {
        return json.readTree(record.value());
    }

    static Map<String, Object> lineOf(UUID productId, UUID unitId, String quantity) {
        return Map.of("productId", productId.toString(), "unitId", unitId.toString(), "quantity", quantity);
    }

    static Map<String, Object> writeIn(String description, String quantity, String amount, String currency) {
        return Map.of("description", description, "quantity", quantity, "pricePerUnit", money(amount, currency));
    }

    static void assertProblem(WebTestClient.ResponseSpec response, int status, String type, String field) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:" + type)
                .jsonPath("$.errors[?(@.field == '" + field + "')]").exists();
    }

    static void assertIllegal(WebTestClient.ResponseSpec response, String currentState) {
        response.expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:illegal-transition")
                .jsonPath("$.currentState").isEqualTo(currentState);
    }

    static void assertAmount(JsonNode money, String amount, String currency) {
        assertThat(money.get("amount").isString()).as("amounts travel as strings").isTrue();
        assertThat(money.get("amount").asString()).isEqualTo(amount);
        assertThat(money.get("currency").asString()).isEqualTo(currency);
    }
}
