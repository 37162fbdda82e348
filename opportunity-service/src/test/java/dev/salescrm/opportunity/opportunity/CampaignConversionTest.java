package dev.salescrm.opportunity.opportunity;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
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
import dev.salescrm.platform.test.TestEvents;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TopicReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A campaign response converted with NEW_OPPORTUNITY in lead-service becomes an opportunity here,
 * with the allocated id and {@code sourceCampaignResponseId}, announced once however often the
 * event arrives; the other conversion actions open nothing.
 */
@ServiceTest
class CampaignConversionTest {

    static final Duration BOUND = Duration.ofSeconds(60);

    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired DatabaseClient db;
    @Autowired WebTestClient http;
    @Autowired JsonMapper json;
    @Autowired ApplicationContext context;

    @Test
    void aResponseConvertedIntoANewOpportunityOpensItOnceWithItsSource() throws Exception {
        UUID campaignId = Ids.newId();
        UUID responseId = Ids.newId();
        UUID accountId = Ids.newId();
        UUID opportunityId = Ids.newId();
        String eventId = UUID.randomUUID().toString();
        var converted = converted(eventId, campaignId, responseId, "NEW_OPPORTUNITY", accountId, opportunityId,
                "فرصت از نمایشگاه");
        // Delivered three times (a redelivery and a republished outbox row under the same event id).
        kafka.send(converted).get();
        kafka.send(converted).get();
        String secondEventId = UUID.randomUUID().toString();
        kafka.send(converted(secondEventId, campaignId, responseId, "NEW_OPPORTUNITY", accountId,
                opportunityId, "فرصت از نمایشگاه")).get();

        await().atMost(BOUND).until(() -> count("SELECT count(*) FROM opportunity WHERE id = '" + opportunityId + "'") == 1);
        JsonNode opportunity = http.get().uri("/api/opportunities/{id}", opportunityId).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(opportunity.get("name").asString()).isEqualTo("فرصت از نمایشگاه");
        assertThat(opportunity.get("accountId").asString()).isEqualTo(accountId.toString());
        assertThat(opportunity.get("sourceCampaignResponseId").asString()).isEqualTo(responseId.toString());
        assertThat(opportunity.get("ownerId").asString()).isEqualTo("mona");
        assertThat(opportunity.get("status").asString()).isEqualTo("OPEN");

        var created = TopicReader.readUntil(bootstrap(), Topics.OPPORTUNITY_EVENTS, BOUND,
                records -> !createdOf(records, opportunityId).isEmpty());
        JsonNode data = json.readTree(createdOf(created, opportunityId).getFirst().value());
        assertThat(data.get("sourceCampaignResponseId").asString()).isEqualTo(responseId.toString());
        // All three deliveries were taken in, and only one opportunity and one announcement came of them.
        await().atMost(BOUND).until(() -> count("SELECT count(*) FROM inbox WHERE consumer = '"
                + CampaignEventsListener.CONSUMER + "' AND event_id IN ('" + eventId + "', '" + secondEventId + "')") == 2);
        // (Published outbox rows are kept for a day, so the outbox shows every announcement made.)
        assertThat(count("SELECT count(*) FROM outbox WHERE aggregateid = '" + opportunityId + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM opportunity WHERE id = '" + opportunityId + "'")).isEqualTo(1);
    }

    @Test
    void theOtherConversionActionsOpenNothing() throws Exception {
        // The class shares one database: count from what is there already.
        long inboxBefore = count("SELECT count(*) FROM inbox WHERE consumer = '" + CampaignEventsListener.CONSUMER + "'");
        long opportunitiesBefore = count("SELECT count(*) FROM opportunity");
        UUID campaignId = Ids.newId();
        UUID opportunityId = Ids.newId();
        String linkEventId = UUID.randomUUID().toString();
        kafka.send(converted(linkEventId, campaignId, Ids.newId(), "LINK_EXISTING", Ids.newId(), null, null)).get();
        kafka.send(converted(UUID.randomUUID().toString(), campaignId, Ids.newId(), "NEW_LEAD", null, null, null)).get();
        // A later NEW_OPPORTUNITY on the same partition marks the point by which the first two were handled.
        UUID responseId = Ids.newId();
        kafka.send(converted(UUID.randomUUID().toString(), campaignId, responseId, "NEW_OPPORTUNITY", Ids.newId(),
                opportunityId, "Marker")).get();
        await().atMost(BOUND).until(() -> count("SELECT count(*) FROM opportunity WHERE id = '" + opportunityId + "'") == 1);
        assertThat(count("SELECT count(*) FROM inbox WHERE consumer = '" + CampaignEventsListener.CONSUMER + "'"))
                .isEqualTo(inboxBefore + 3);
        assertThat(count("SELECT count(*) FROM opportunity")).isEqualTo(opportunitiesBefore + 1);
    }

    private ProducerRecord<String, String> converted(String eventId, UUID campaignId, UUID responseId, String action,
                                                     UUID accountId, UUID opportunityId, String name) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("campaignResponseId", responseId.toString());
        payload.put("campaignId", campaignId.toString());
        payload.put("action", action);
        if (accountId != null) {
            payload.put("accountId", accountId.toString());
        }
        if (opportunityId != null) {
            payload.put("opportunityId", opportunityId.toString());
            payload.put("opportunityName", name);
            payload.put("ownerId", "mona");
        }
        payload.put("occurredAt", "2026-11-26T10:15:30Z");
        payload.put("actor", "mona");
        // Key: the campaign id (EVENTS.md), so one campaign's events stay in order.
        return TestEvents.record(Topics.CAMPAIGN_EVENTS, campaignId.toString(), EventTypes.CAMPAIGN_RESPONSE_CONVERTED,
                eventId, json.writeValueAsString(payload));
    }

    private static List<ConsumerRecord<String, String>> createdOf(List<ConsumerRecord<String, String>> records, UUID id) {
        return records.stream().filter(r -> id.toString().equals(r.key()))
                .filter(r -> EventTypes.OPPORTUNITY_CREATED.equals(TopicReader.header(r, CloudEventHeaders.TYPE)))
                .toList();
    }

    private long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }

    private String bootstrap() {
        return ServiceTestInfrastructure.broker(context).getBrokersAsString();
    }
}
