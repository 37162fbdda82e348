package dev.salescrm.lead.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TopicReader;

import static dev.salescrm.lead.campaign.CampaignFixtures.person;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Campaigns and the responses they collect, over HTTP against PostgreSQL and Kafka: what is stored
 * is what is read back and announced on {@code crm.campaign.events.v1} keyed by the campaign;
 * bad input is a 400 naming the field; a batch of responses is stored whole or not at all; and a
 * response is never a lead.
 */
@ServiceTest
class CampaignApiTest {

    @Autowired WebTestClient http;
    @Autowired JsonMapper json;
    @Autowired ApplicationContext context;

    CampaignFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new CampaignFixtures(http, json, context);
    }

    @Test
    void aCampaignIsStoredAsGivenReadBackAndAnnouncedKeyedByItsId() {
        Map<String, Object> body = Map.of("name", "نمایشگاه تهران ۱۴۰۵", "code", "EXPO26", "channel", "TRADE_SHOW",
                "startsOn", "2026-11-01", "endsOn", "2026-11-30",
                "budget", Map.of("amount", "500000000.00", "currency", "IRR"));
        JsonNode created = http.post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/campaigns/[0-9a-f-]{36}")
                .expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String id = created.get("id").asString();
        assertThat(UUID.fromString(id).version()).isEqualTo(7);
        assertThat(created.get("name").asString()).isEqualTo("نمایشگاه تهران ۱۴۰۵");
        assertThat(created.at("/budget/amount").asString()).isEqualTo("500000000.00");
        assertThat(created.at("/budget/currency").asString()).isEqualTo("IRR");
        assertThat(created.get("ownerId").asString()).isEqualTo("test-admin");        // the creator, unless named
        assertThat(created.get("createdAt").asString()).endsWith("Z");

        assertThat(fixtures.get("/api/campaigns/{id}", id)).isEqualTo(created);
        assertThat(fixtures.get("/api/campaigns?code=expo26").get("items")).singleElement()
                .satisfies(item -> assertThat(item.get("id").asString()).isEqualTo(id));

        List<ConsumerRecord<String, String>> records = fixtures.campaignEvents(all -> all.stream().anyMatch(r -> id.equals(r.key())));
        ConsumerRecord<String, String> event = records.stream().filter(r -> id.equals(r.key())).findFirst().orElseThrow();
        assertThat(TopicReader.header(event, CloudEventHeaders.TYPE)).isEqualTo(EventTypes.CAMPAIGN_CREATED);
        assertThat(TopicReader.header(event, CloudEventHeaders.SUBJECT)).isEqualTo(id);
        JsonNode data = json.readTree(event.value());
        assertThat(data.get("campaignId").asString()).isEqualTo(id);
        assertThat(data.get("code").asString()).isEqualTo("EXPO26");
        assertThat(data.at("/budget/amount").isString()).isTrue();
        assertThat(data.get("startsOn").asString()).isEqualTo("2026-11-01");
        assertThat(data.get("actor").asString()).isEqualTo("test-admin");
    }

    @Test
    void aCampaignThatCannotBeIsRefusedNamingTheFieldAndNothingIsStored() {
        create400(Map.of("name", "Backwards", "code", "BACK", "startsOn", "2026-11-30", "endsOn", "2026-11-01"), "endsOn");
        create400(Map.of("code", "NONAME"), "name");
        create400(Map.of("name", "No code"), "code");
        create400(Map.of("name", "Bad channel", "code", "BADCH", "channel", "CARRIER_PIGEON"), "channel");
        create400(Map.of("name", "Float budget", "code", "FLOAT", "budget", Map.of("amount", 12.5, "currency", "EUR")),
                "budget.amount");
        create400(Map.of("name", "Negative", "code", "NEG", "budget", Map.of("amount", "-1.00", "currency", "EUR")),
                "budget.amount");
        create400(Map.of("name", "Mass assignment", "code", "MASS", "version", 7), "version");
        assertThat(fixtures.count("SELECT count(*) FROM campaign")).isZero();
        assertThat(fixtures.count("SELECT count(*) FROM outbox WHERE type = $1", EventTypes.CAMPAIGN_CREATED)).isZero();

        // A code is unique ignoring case: the second campaign is a 409 naming the code.
        http.post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Spring mailing", "code", "SPRING-26")).exchange().expectStatus().isCreated();
        http.post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Another spring mailing", "code", "spring-26")).exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:conflict")
                .jsonPath("$.errors[0].field").isEqualTo("code");
        assertThat(fixtures.count("SELECT count(*) FROM campaign WHERE lower(code) = 'spring-26'")).isEqualTo(1);
    }

    @Test
    void oneResponseOrSeveralAreRecordedEachAnnouncedUnderTheCampaign() {
        String campaignId = fixtures.campaign("Autumn webinar").get("id").asString();

        JsonNode one = http.post().uri("/api/campaigns/{id}/responses", campaignId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(person("علی", "رضایی", "شرکت پروجان", "ali@example.ir", "2026-11-03T09:00:00Z"))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/campaign-responses/[0-9a-f-]{36}")
                .expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(one.get("status").asString()).isEqualTo("OPEN");
        assertThat(one.get("campaignId").asString()).isEqualTo(campaignId);
        assertThat(one.get("lastName").asString()).isEqualTo("رضایی");
        assertThat(one.get("receivedAt").asString()).isEqualTo("2026-11-03T09:00:00Z");
        assertThat(one.get("conversion").isNull()).isTrue();
        assertThat(fixtures.get("/api/campaign-responses/{id}", one.get("id").asString())).isEqualTo(one);

        // A follow-up form with three people: one request, three responses, in the order sent.
        Instant before = Instant.now();
        JsonNode many = http.post().uri("/api/campaigns/{id}/responses", campaignId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(person("Sara", "Karimi", "Tehran Steel", "sara@example.ir", null),
                        Map.of("companyName", "مهندسی آریا", "phone", "۰۹۱۲۱۲۳۴۵۶۷", "note", "تماس بگیرید"),
                        Map.of("email", "only-an-email@example.com", "channel", "WEB")))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        List<JsonNode> items = many.get("items").valueStream().toList();
        assertThat(items).extracting(i -> i.get("status").asString()).containsOnly("OPEN");
        assertThat(items.get(0).get("lastName").asString()).isEqualTo("Karimi");
        assertThat(items.get(1).get("phone").asString()).isEqualTo("۰۹۱۲۱۲۳۴۵۶۷");
        assertThat(items.get(2).get("channel").asString()).isEqualTo("WEB");
        // Without receivedAt, a response was received when it was recorded.
        assertThat(Instant.parse(items.get(0).get("receivedAt").asString())).isAfterOrEqualTo(before.minusSeconds(1));

        // Each is announced on the campaign topic, keyed by the CAMPAIGN (schema-checked on the way out).
        for (JsonNode response : List.of(one, items.get(0), items.get(1), items.get(2))) {
            JsonNode received = fixtures.responseEvent(campaignId, response.get("id").asString(),
                    EventTypes.CAMPAIGN_RESPONSE_RECEIVED);
            assertThat(received.get("campaignId").asString()).isEqualTo(campaignId);
            assertThat(received.get("receivedAt").asString()).isEqualTo(response.get("receivedAt").asString());
        }
    }

    @Test
    void aBatchWithOneBadResponseStoresNoneAndNamesEveryBadField() {
        String campaignId = fixtures.campaign("Batch").get("id").asString();
        http.post().uri("/api/campaigns/{id}/responses", campaignId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(person("Good", "Person", null, "good@example.com", null),
                        person("Bad", "Email", null, "not-an-email", null),
                        Map.of("firstName", "Nameless", "note", "no way to reach them"),
                        person("Future", "Person", null, null, Instant.now().plusSeconds(86_400).toString())))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:validation")
                .jsonPath("$.errors.length()").isEqualTo(3)
                .jsonPath("$.errors[0].field").isEqualTo("[1].email")
                .jsonPath("$.errors[1].field").isEqualTo("[2].lastName")
                .jsonPath("$.errors[2].field").isEqualTo("[3].receivedAt");
        // An unknown member anywhere in the batch is a 400 naming it, too.
        http.post().uri("/api/campaigns/{id}/responses", campaignId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(person("Good", "Person", null, null, null), Map.of("lastName", "Sneaky", "status", "CLOSED")))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("[1].status");
        http.post().uri("/api/campaigns/{id}/responses", campaignId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of()).exchange().expectStatus().isBadRequest();

        assertThat(fixtures.count("SELECT count(*) FROM campaign_response WHERE campaign_id = $1", UUID.fromString(campaignId)))
                .isZero();
        assertThat(fixtures.count("SELECT count(*) FROM outbox WHERE type = $1 AND aggregateid = $2",
                EventTypes.CAMPAIGN_RESPONSE_RECEIVED, campaignId)).isZero();
        // A campaign that does not exist takes no responses.
        http.post().uri("/api/campaigns/{id}/responses", "0190f0c8-0000-7000-8000-000000000404")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(person("Lost", "Soul", null, null, null))
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.resource").isEqualTo("campaign");
    }

    @Test
    void responsesAreListedPerCampaignNewestFirstAndAreNeverLeads() {
        String campaignId = fixtures.campaign("Listing").get("id").asString();
        String other = fixtures.campaign("Elsewhere").get("id").asString();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(fixtures.response(campaignId, person("Listed", "Responder-" + i, null, null, null)).get("id").asString());
        }
        fixtures.response(other, person("Other", "Campaign", null, null, null));
        String closed = ids.get(1);
        fixtures.converted(closed, Map.of("action", "CLOSE", "reason", "duplicate entry"));

        JsonNode first = fixtures.get("/api/campaigns/{id}/responses?limit=3", campaignId);
        JsonNode second = fixtures.get("/api/campaigns/{id}/responses?limit=3&cursor={c}", campaignId,
                first.get("nextCursor").asString());
        List<String> listed = new java.util.ArrayList<>();
        first.get("items").forEach(i -> listed.add(i.get("id").asString()));
        second.get("items").forEach(i -> listed.add(i.get("id").asString()));
        assertThat(listed).containsExactlyElementsOf(ids.reversed());
        assertThat(second.get("nextCursor").isNull()).isTrue();

        JsonNode open = fixtures.get("/api/campaigns/{id}/responses?status=OPEN&limit=200", campaignId);
        assertThat(open.get("items").valueStream().map(i -> i.get("id").asString()).toList())
                .hasSize(4).doesNotContain(closed);
        assertThat(fixtures.get("/api/campaigns/{id}/responses?status=CLOSED", campaignId).get("items"))
                .singleElement().satisfies(i -> assertThat(i.at("/conversion/action").asString()).isEqualTo("CLOSE"));

        // Not leads: not stored as leads, not listed, not found by a lead search.
        assertThat(fixtures.count("SELECT count(*) FROM lead WHERE last_name LIKE 'Responder-%'")).isZero();
        assertThat(fixtures.get("/api/leads?limit=200").get("items")).isEmpty();
        assertThat(fixtures.get("/api/leads?q=Responder").get("items")).isEmpty();

        http.get().uri("/api/campaigns/{id}/responses", "0190f0c8-0000-7000-8000-000000000404").exchange()
                .expectStatus().isNotFound();
        http.get().uri("/api/campaign-responses/{id}", "0190f0c8-0000-7000-8000-000000000404").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.resource").isEqualTo("campaign-response");
        http.get().uri("/api/campaigns/{id}/responses?status=MAYBE", campaignId).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("status");
    }

    private void create400(Map<String, Object> body, String field) {
        http.post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
    }
}
