package dev.salescrm.account.activity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.inbox.DeadLetters;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TestEvents;
import dev.salescrm.platform.test.TopicReader;
import dev.salescrm.platform.test.contracts.ProducedEventContract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The campaign-response firewall's "link existing" on the customer side: lead-service's
 * {@code crm.campaign-response.converted.v1} with {@code LINK_EXISTING} and a contact becomes a done
 * follow-up activity with that contact, once, on its timeline and its account's; other conversions
 * are not account-service's business, and a contact that does not exist parks the event.
 */
@ServiceTest
class CampaignResponseFollowUpTest {

    static final Duration BOUND = Duration.ofSeconds(60);

    @Autowired WebTestClient http;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired JsonMapper json;
    @Autowired DatabaseClient db;
    @Autowired ApplicationContext context;

    @Test
    void aResponseLinkedToAContactIsADoneFollowUpRecordedOnce() throws Exception {
        String account = create("/api/accounts", Map.of("name", "شرکت پروجان"));
        String contact = create("/api/contacts", Map.of("firstName", "علی", "lastName", "رضایی", "accountId", account));
        String campaign = Ids.newId().toString();
        String response = Ids.newId().toString();
        String eventId = UUID.randomUUID().toString();
        double processedBefore = processed();
        double duplicatesBefore = duplicates();
        Map<String, Object> converted = map("campaignResponseId", response, "campaignId", campaign,
                "action", "LINK_EXISTING", "contactId", contact, "occurredAt", "2026-11-25T07:45:00.5Z", "actor", "mona");
        publish(eventId, converted);
        publish(eventId, converted); // redelivered
        publish(UUID.randomUUID().toString(), converted); // the same conversion told again, in another event

        await().atMost(BOUND).until(() -> processed() >= processedBefore + 2 && duplicates() >= duplicatesBefore + 1);
        List<JsonNode> activities = items("/api/contacts/" + contact + "/activities");
        assertThat(activities).hasSize(1);
        JsonNode followUp = activities.get(0);
        assertThat(followUp.get("type").asString()).isEqualTo("CAMPAIGN_RESPONSE");
        assertThat(followUp.get("contactId").asString()).isEqualTo(contact);
        assertThat(followUp.get("direction").asString()).isEqualTo("INBOUND");
        assertThat(java.time.Instant.parse(followUp.get("completedAt").asString()))
                .isEqualTo(java.time.Instant.parse("2026-11-25T07:45:00.5Z"));
        assertThat(followUp.get("campaignId").asString()).isEqualTo(campaign);
        assertThat(followUp.get("campaignResponseId").asString()).isEqualTo(response);
        assertThat(followUp.get("createdBy").asString()).isEqualTo("mona");

        for (String timeline : new String[] {"/api/contacts/" + contact, "/api/accounts/" + account}) {
            List<JsonNode> linked = items(timeline + "/timeline").stream()
                    .filter(e -> e.get("kind").asString().equals("CAMPAIGN_RESPONSE_LINKED")).toList();
            assertThat(linked).as(timeline).hasSize(1);
            assertThat(linked.get(0).get("id").asString()).isEqualTo(followUp.get("id").asString());
            assertThat(linked.get(0).get("occurredAt").asString()).isEqualTo(followUp.get("completedAt").asString());
            assertThat(linked.get(0).get("refs").get("campaignResponseId").asString()).isEqualTo(response);
            assertThat(linked.get(0).get("actor").asString()).isEqualTo("mona");
        }
        assertThat(count("SELECT count(*) FROM timeline_entry WHERE kind = 'CAMPAIGN_RESPONSE_LINKED' AND contact_id = '"
                + contact + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM activity WHERE contact_id = '" + contact + "'")).isEqualTo(1);

        // Done when recorded: there is nothing to complete.
        http.post().uri("/api/contacts/{c}/activities/{a}/complete", contact, followUp.get("id").asString()).exchange()
                .expectStatus().isEqualTo(409);
    }

    @Test
    void otherConversionsAreNotTheCustomerDatabasesBusiness() throws Exception {
        String contact = create("/api/contacts", Map.of("lastName", "Other"));
        String campaign = Ids.newId().toString();
        List<Map<String, Object>> others = new ArrayList<>();
        others.add(map("campaignResponseId", Ids.newId().toString(), "campaignId", campaign, "action", "LINK_EXISTING",
                "leadId", Ids.newId().toString(), "occurredAt", "2026-11-25T08:00:00Z"));
        others.add(map("campaignResponseId", Ids.newId().toString(), "campaignId", campaign, "action", "NEW_LEAD",
                "leadId", Ids.newId().toString(), "occurredAt", "2026-11-25T08:00:00Z"));
        others.add(map("campaignResponseId", Ids.newId().toString(), "campaignId", campaign, "action", "NEW_OPPORTUNITY",
                "contactId", contact, "opportunityId", Ids.newId().toString(), "opportunityName", "Expo follow-up",
                "occurredAt", "2026-11-25T08:00:00Z"));
        for (Map<String, Object> event : others) {
            publish(UUID.randomUUID().toString(), event);
        }
        // A linked one behind them on the same partition: once it is in, the others were read before it.
        publish(UUID.randomUUID().toString(), map("campaignResponseId", Ids.newId().toString(), "campaignId", campaign,
                "action", "LINK_EXISTING", "contactId", contact, "occurredAt", "2026-11-25T09:00:00Z"));

        await().atMost(BOUND).until(() -> items("/api/contacts/" + contact + "/activities").size() == 1);
        assertThat(count("SELECT count(*) FROM inbox WHERE consumer = '" + CampaignEventsListener.CONSUMER + "'"))
                .isGreaterThanOrEqualTo(4);
        assertThat(items("/api/contacts/" + contact + "/activities").get(0).get("completedAt").asString())
                .isEqualTo("2026-11-25T09:00:00Z");
        assertThat(items("/api/contacts/" + contact + "/timeline")).extracting(e -> e.get("kind").asString())
                .containsExactly("CONTACT_CREATED", "CAMPAIGN_RESPONSE_LINKED");
    }

    @Test
    void aResponseLinkedToAContactThatDoesNotExistIsParkedAndRecordsNothing() throws Exception {
        String missing = Ids.newId().toString();
        String eventId = UUID.randomUUID().toString();
        publish(eventId, map("campaignResponseId", Ids.newId().toString(), "campaignId", Ids.newId().toString(),
                "action", "LINK_EXISTING", "contactId", missing, "occurredAt", "2026-11-25T08:00:00Z"));

        var parked = TopicReader.readUntil(bootstrap(), DeadLetters.topicFor(Topics.CAMPAIGN_EVENTS), BOUND,
                read -> read.stream().anyMatch(r -> eventId.equals(TopicReader.header(r, CloudEventHeaders.ID))));
        assertThat(parked).isNotEmpty();
        assertThat(count("SELECT count(*) FROM activity WHERE contact_id = '" + missing + "'")).isZero();
        assertThat(count("SELECT count(*) FROM timeline_entry WHERE contact_id = '" + missing + "'")).isZero();
        assertThat(count("SELECT count(*) FROM inbox WHERE event_id = '" + eventId + "'")).isZero();
    }

    // ---- helpers

    /** Publishes the event as lead-service would (key: the campaign id), after checking it against its schema. */
    private void publish(String eventId, Map<String, Object> payload) throws Exception {
        String value = json.writeValueAsString(payload);
        ProducedEventContract.check(EventTypes.CAMPAIGN_RESPONSE_CONVERTED, value);
        kafka.send(TestEvents.record(Topics.CAMPAIGN_EVENTS, (String) payload.get("campaignId"),
                EventTypes.CAMPAIGN_RESPONSE_CONVERTED, eventId, value)).get();
    }

    private String create(String path, Map<String, Object> body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
    }

    private List<JsonNode> items(String path) {
        List<JsonNode> items = new ArrayList<>();
        http.get().uri(path).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("items").forEach(items::add);
        return items;
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }

    private double processed() {
        return counter("crm.inbox.processed");
    }

    private double duplicates() {
        return counter("crm.inbox.duplicates");
    }

    private double counter(String name) {
        var meters = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
        var counter = meters.find(name).tag("consumer", CampaignEventsListener.CONSUMER).counter();
        return counter == null ? 0 : counter.count();
    }

    private String bootstrap() {
        return ServiceTestInfrastructure.broker(context).getBrokersAsString();
    }
}
