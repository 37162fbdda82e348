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
 * opportunity-service's part of the lead-qualification saga, driven by the events lead-service and
 * account-service publish (written here as they put them on the wire: CloudEvents headers, the lead
 * id as key): given a qualified lead, then the announced opportunity exists and is announced; given
 * a rejected conversion, in either order, then no opportunity of it is left open.
 */
@ServiceTest
class LeadConversionTest {

    static final Duration BOUND = Duration.ofSeconds(60);

    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired DatabaseClient db;
    @Autowired WebTestClient http;
    @Autowired JsonMapper json;
    @Autowired ApplicationContext context;

    @Test
    void aQualifiedLeadOpensTheAnnouncedOpportunityAndAnnouncesIt() throws Exception {
        UUID leadId = Ids.newId();
        UUID accountId = Ids.newId();
        UUID contactId = Ids.newId();
        UUID opportunityId = Ids.newId();
        send(qualified(UUID.randomUUID().toString(), leadId, accountId, contactId, opportunityId, "شرکت پروجان"));

        JsonNode opportunity = awaitOpportunity(opportunityId);
        assertThat(opportunity.get("name").asString()).isEqualTo("شرکت پروجان");
        assertThat(opportunity.get("status").asString()).isEqualTo("OPEN");
        assertThat(opportunity.get("statusReason").asString()).isEqualTo("IN_PROGRESS");
        assertThat(opportunity.get("stage").asString()).isEqualTo("QUALIFY");
        assertThat(opportunity.get("probability").asInt()).isEqualTo(10);
        assertThat(opportunity.get("sourceLeadId").asString()).isEqualTo(leadId.toString());
        // The account is the customer when there is one; the contact is not a second customer.
        assertThat(opportunity.get("accountId").asString()).isEqualTo(accountId.toString());
        assertThat(opportunity.get("contactId").isNull()).isTrue();
        assertThat(opportunity.get("ownerId").asString()).isEqualTo("alice");
        assertThat(opportunity.get("estimatedRevenue").get("amount").asString()).isEqualTo("1250000.00");
        assertThat(opportunity.get("estimatedRevenue").get("currency").asString()).isEqualTo("IRR");
        assertThat(opportunity.get("estimatedCloseDate").asString()).isEqualTo("2027-01-31");
        assertThat(opportunity.get("createdBy").asString()).isEqualTo("rep-1");

        ConsumerRecord<String, String> created = awaitEvent(opportunityId, EventTypes.OPPORTUNITY_CREATED);
        assertThat(TopicReader.header(created, CloudEventHeaders.SOURCE)).isEqualTo("/crm/opportunity-service");
        JsonNode data = json.readTree(created.value());
        assertThat(data.get("opportunityId").asString()).isEqualTo(opportunityId.toString());
        assertThat(data.get("sourceLeadId").asString()).isEqualTo(leadId.toString());
        assertThat(data.get("name").asString()).isEqualTo("شرکت پروجان");
        assertThat(data.get("accountId").asString()).isEqualTo(accountId.toString());
        assertThat(data.has("contactId")).isFalse();
        assertThat(data.get("status").asString()).isEqualTo("OPEN");
        assertThat(data.get("stage").asString()).isEqualTo("QUALIFY");
        assertThat(data.get("estimatedRevenue").get("amount").asString()).isEqualTo("1250000.00");
        assertThat(data.get("estimatedCloseDate").asString()).isEqualTo("2027-01-31");
        assertThat(data.get("version").asLong()).isEqualTo(1);
        assertThat(data.get("actor").asString()).isEqualTo("rep-1");
        assertThat(data.get("occurredAt").asString()).endsWith("Z");
    }

    @Test
    void aLeadQualifiedIntoAContactOnlyGetsTheContactAsCustomer() throws Exception {
        UUID leadId = Ids.newId();
        UUID contactId = Ids.newId();
        UUID opportunityId = Ids.newId();
        send(qualified(UUID.randomUUID().toString(), leadId, null, contactId, opportunityId, "علی رضایی"));

        JsonNode opportunity = awaitOpportunity(opportunityId);
        assertThat(opportunity.get("contactId").asString()).isEqualTo(contactId.toString());
        assertThat(opportunity.get("accountId").isNull()).isTrue();
        assertThat(opportunity.get("name").asString()).isEqualTo("علی رضایی");
    }

    @Test
    void aQualifiedEventDeliveredThreeTimesOpensOneOpportunityAndAnnouncesItOnce() throws Exception {
        UUID leadId = Ids.newId();
        UUID opportunityId = Ids.newId();
        String eventId = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            send(qualified(eventId, leadId, Ids.newId(), null, opportunityId, "Three times"));
        }
        // The same qualification republished under a new event id (a replayed outbox row would keep
        // its id; this is the belt to the inbox's braces): the opportunity exists, nothing changes.
        String replayId = UUID.randomUUID().toString();
        send(qualified(replayId, leadId, Ids.newId(), null, opportunityId, "Three times"));

        awaitOpportunity(opportunityId);
        await().atMost(BOUND).until(() -> count("SELECT count(*) FROM inbox WHERE consumer = '"
                + LeadEventsListener.CONSUMER + "' AND event_id = '" + replayId + "'") == 1
                && duplicatesCounted() >= 2);
        assertThat(count("SELECT count(*) FROM opportunity WHERE id = '" + opportunityId + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM outbox WHERE aggregateid = '" + opportunityId + "'")).isEqualTo(1);
        List<ConsumerRecord<String, String>> events = awaitEvent(opportunityId, EventTypes.OPPORTUNITY_CREATED, 1);
        assertThat(events).hasSize(1);
    }

    @Test
    void aRejectedConversionCancelsTheOpenOpportunity() throws Exception {
        UUID leadId = Ids.newId();
        UUID accountId = Ids.newId();
        UUID opportunityId = Ids.newId();
        send(qualified(UUID.randomUUID().toString(), leadId, accountId, null, opportunityId, "To be rejected"));
        awaitOpportunity(opportunityId);

        send(rejected(UUID.randomUUID().toString(), leadId, accountId, opportunityId));

        JsonNode canceled = awaitOpportunityIn(opportunityId, "LOST");
        assertThat(canceled.get("statusReason").asString()).isEqualTo("CANCELED");
        assertThat(canceled.get("closeNote").asString()).isEqualTo("ACCOUNT_NOT_FOUND");
        assertThat(canceled.get("version").asLong()).isEqualTo(2);

        JsonNode lost = json.readTree(awaitEvent(opportunityId, EventTypes.OPPORTUNITY_LOST).value());
        assertThat(lost.get("opportunityId").asString()).isEqualTo(opportunityId.toString());
        assertThat(lost.get("reason").asString()).isEqualTo("CANCELED");
        assertThat(lost.get("note").asString()).isEqualTo("ACCOUNT_NOT_FOUND");
        assertThat(lost.get("accountId").asString()).isEqualTo(accountId.toString());
        assertThat(lost.get("version").asLong()).isEqualTo(2);
        assertThat(lost.get("actualCloseDate").asString()).matches("\\d{4}-\\d{2}-\\d{2}");
    }

    @Test
    void aRejectionThatOvertakesTheQualificationLeavesNoOpenOpportunity() throws Exception {
        UUID leadId = Ids.newId();
        UUID accountId = Ids.newId();
        UUID opportunityId = Ids.newId();
        send(rejected(UUID.randomUUID().toString(), leadId, accountId, opportunityId));
        await().atMost(BOUND).until(() ->
                count("SELECT count(*) FROM rejected_conversion WHERE opportunity_id = '" + opportunityId + "'") == 1);
        assertThat(count("SELECT count(*) FROM opportunity WHERE id = '" + opportunityId + "'")).isZero();

        send(qualified(UUID.randomUUID().toString(), leadId, accountId, null, opportunityId, "Overtaken"));

        JsonNode opportunity = awaitOpportunity(opportunityId);
        assertThat(opportunity.get("status").asString()).isEqualTo("LOST");
        assertThat(opportunity.get("statusReason").asString()).isEqualTo("CANCELED");
        assertThat(count("SELECT count(*) FROM opportunity WHERE source_lead_id = '" + leadId
                + "' AND status = 'OPEN'")).isZero();
        // Same story on the topic as in the usual order: created, then lost — in that order.
        List<ConsumerRecord<String, String>> events = TopicReader.readUntil(bootstrap(), Topics.OPPORTUNITY_EVENTS,
                BOUND, read -> ofOpportunity(read, opportunityId).size() >= 2);
        assertThat(ofOpportunity(events, opportunityId).stream().map(r -> TopicReader.header(r, CloudEventHeaders.TYPE)))
                .containsExactly(EventTypes.OPPORTUNITY_CREATED, EventTypes.OPPORTUNITY_LOST);
    }

    @Test
    void aQualificationWithoutOpportunityOpensNothing() throws Exception {
        UUID leadId = Ids.newId();
        String eventId = UUID.randomUUID().toString();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("leadId", leadId.toString());
        payload.put("lead", Map.of("lastName", "Only-An-Account"));
        payload.put("account", Map.of("accountId", Ids.newId().toString(), "mode", "NEW"));
        payload.put("occurredAt", "2026-11-26T10:15:30Z");
        send(record(Topics.LEAD_EVENTS, leadId, eventId, EventTypes.LEAD_QUALIFIED, payload));

        await().atMost(BOUND).until(() -> count("SELECT count(*) FROM inbox WHERE event_id = '" + eventId + "'") == 1);
        assertThat(count("SELECT count(*) FROM opportunity WHERE source_lead_id = '" + leadId + "'")).isZero();
    }

    @Test
    void anOpportunityWithoutCustomerBreaksTheContractAndIsParked() throws Exception {
        UUID leadId = Ids.newId();
        String eventId = UUID.randomUUID().toString();
        send(qualified(eventId, leadId, null, null, Ids.newId(), "No customer"));

        var parked = TopicReader.readUntil(bootstrap(), DeadLetters.topicFor(Topics.LEAD_EVENTS), BOUND,
                read -> read.stream().anyMatch(r -> eventId.equals(TopicReader.header(r, CloudEventHeaders.ID))));
        assertThat(parked).isNotEmpty();
        assertThat(count("SELECT count(*) FROM opportunity WHERE source_lead_id = '" + leadId + "'")).isZero();
    }

    // ---- events as lead-service and account-service publish them

    private ProducerRecord<String, String> qualified(String eventId, UUID leadId, UUID accountId, UUID contactId,
                                                     UUID opportunityId, String name) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("leadId", leadId.toString());
        payload.put("version", 2);
        payload.put("lead", Map.of("firstName", "علی", "lastName", "رضایی", "companyName", "شرکت پروجان",
                "ownerId", "alice", "source", "TRADE_SHOW"));
        if (accountId != null) {
            payload.put("account", Map.of("accountId", accountId.toString(), "mode", "NEW"));
        }
        if (contactId != null) {
            payload.put("contact", Map.of("contactId", contactId.toString(), "mode", "NEW"));
        }
        payload.put("opportunity", Map.of("opportunityId", opportunityId.toString(), "name", name,
                "estimatedRevenue", Map.of("amount", "1250000.00", "currency", "IRR"),
                "estimatedCloseDate", "2027-01-31"));
        payload.put("occurredAt", "2026-11-26T10:15:30Z");
        payload.put("actor", "rep-1");
        return record(Topics.LEAD_EVENTS, leadId, eventId, EventTypes.LEAD_QUALIFIED, payload);
    }

    private ProducerRecord<String, String> rejected(String eventId, UUID leadId, UUID accountId, UUID opportunityId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("leadId", leadId.toString());
        payload.put("reason", "ACCOUNT_NOT_FOUND");
        payload.put("detail", "account " + accountId + " does not exist");
        payload.put("accountId", accountId.toString());
        payload.put("opportunityId", opportunityId.toString());
        payload.put("occurredAt", "2026-11-26T10:15:31Z");
        return record(Topics.ACCOUNT_EVENTS, leadId, eventId, EventTypes.LEAD_CONVERSION_REJECTED, payload);
    }

    private ProducerRecord<String, String> record(String topic, UUID key, String eventId, String type,
                                                  Map<String, Object> payload) {
        return TestEvents.record(topic, key.toString(), type, eventId, json.writeValueAsString(payload));
    }

    private void send(ProducerRecord<String, String> record) throws Exception {
        kafka.send(record).get();
    }

    // ---- what a user and an analytics job see

    private JsonNode awaitOpportunity(UUID id) {
        await().atMost(BOUND).until(() -> count("SELECT count(*) FROM opportunity WHERE id = '" + id + "'") == 1);
        return http.get().uri("/api/opportunities/{id}", id).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode awaitOpportunityIn(UUID id, String status) {
        await().atMost(BOUND).until(() -> count("SELECT count(*) FROM opportunity WHERE id = '" + id
                + "' AND status = '" + status + "'") == 1);
        return http.get().uri("/api/opportunities/{id}", id).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private ConsumerRecord<String, String> awaitEvent(UUID opportunityId, String type) {
        return awaitEvent(opportunityId, type, 1).getFirst();
    }

    /** The events of this type and opportunity on the topic, once at least {@code atLeast} are there. */
    private List<ConsumerRecord<String, String>> awaitEvent(UUID opportunityId, String type, int atLeast) {
        var read = TopicReader.readUntil(bootstrap(), Topics.OPPORTUNITY_EVENTS, BOUND,
                records -> ofType(ofOpportunity(records, opportunityId), type).size() >= atLeast);
        return ofType(ofOpportunity(read, opportunityId), type);
    }

    private static List<ConsumerRecord<String, String>> ofOpportunity(List<ConsumerRecord<String, String>> records,
                                                                       UUID opportunityId) {
        return records.stream().filter(r -> opportunityId.toString().equals(r.key())).toList();
    }

    private static List<ConsumerRecord<String, String>> ofType(List<ConsumerRecord<String, String>> records,
                                                               String type) {
        return records.stream().filter(r -> type.equals(TopicReader.header(r, CloudEventHeaders.TYPE))).toList();
    }

    private long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }

    private double duplicatesCounted() {
        var meters = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
        var counter = meters.find("crm.inbox.duplicates").tag("consumer", LeadEventsListener.CONSUMER).counter();
        return counter == null ? 0 : counter.count();
    }

    private String bootstrap() {
        return ServiceTestInfrastructure.broker(context).getBrokersAsString();
    }
}
