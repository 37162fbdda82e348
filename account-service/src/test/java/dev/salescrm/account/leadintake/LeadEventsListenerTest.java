package dev.salescrm.account.leadintake;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import dev.salescrm.platform.test.TestEvents;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * account-service's step of the qualification saga, driven the way lead-service drives it: a
 * {@code crm.lead.qualified.v1} record on the lead topic, and the answers read off the account topic.
 */
@ServiceTest
class LeadEventsListenerTest {

    static final Duration BOUND = Duration.ofSeconds(60);

    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired DatabaseClient db;
    @Autowired JsonMapper json;
    @Autowired WebTestClient http;

    @Autowired ApplicationContext context;

    @Test
    void aQualifiedLeadBecomesANewProspectAccountWithItsContactUnderIt() throws Exception {
        String leadId = Ids.newId().toString();
        String accountId = Ids.newId().toString();
        String contactId = Ids.newId().toString();
        send(UUID.randomUUID().toString(), qualified(leadId, Map.of("accountId", accountId, "mode", "NEW"),
                Map.of("contactId", contactId, "mode", "NEW"), Ids.newId().toString()));

        JsonNode accepted = answerFor(leadId, EventTypes.LEAD_CONVERSION_ACCEPTED);
        assertThat(accepted.get("accountId").asString()).isEqualTo(accountId);
        assertThat(accepted.get("accountCreated").asBoolean()).isTrue();
        assertThat(accepted.get("contactId").asString()).isEqualTo(contactId);
        assertThat(accepted.get("contactCreated").asBoolean()).isTrue();
        assertThat(accepted.get("actor").asString()).isEqualTo("alice");

        JsonNode account = http.get().uri("/api/accounts/{id}", accountId).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(account.get("name").asString()).isEqualTo("شرکت پروجان");
        assertThat(account.get("relationshipType").asString()).isEqualTo("PROSPECT");
        assertThat(account.get("sourceLeadId").asString()).isEqualTo(leadId);
        assertThat(account.get("ownerId").asString()).isEqualTo("alice");
        assertThat(account.get("email").asString()).isEqualTo("ali@projan.ir");
        JsonNode contacts = http.get().uri("/api/accounts/{id}/contacts", accountId).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(contacts.get("items")).hasSize(1);
        JsonNode contact = contacts.get("items").get(0);
        assertThat(contact.get("id").asString()).isEqualTo(contactId);
        assertThat(contact.get("firstName").asString()).isEqualTo("علی");
        assertThat(contact.get("lastName").asString()).isEqualTo("رضایی");
        assertThat(contact.get("jobTitle").asString()).isEqualTo("مدیر فروش");
        assertThat(contact.get("sourceLeadId").asString()).isEqualTo(leadId);

        List<ConsumerRecord<String, String>> events = readAccountEventsUntil(
                all -> all.stream().anyMatch(r -> isType(r, EventTypes.LEAD_CONVERSION_ACCEPTED) && leadId.equals(r.key())));
        JsonNode accountCreated = payload(events, accountId, EventTypes.ACCOUNT_CREATED);
        assertThat(accountCreated.get("sourceLeadId").asString()).isEqualTo(leadId);
        assertThat(accountCreated.get("name").asString()).isEqualTo("شرکت پروجان");
        JsonNode contactCreated = payload(events, accountId, EventTypes.CONTACT_CREATED);
        assertThat(contactCreated.get("contactId").asString()).isEqualTo(contactId);
        assertThat(contactCreated.get("accountId").asString()).isEqualTo(accountId);
        assertThat(contactCreated.get("sourceLeadId").asString()).isEqualTo(leadId);
        assertThat(contactCreated.get("lastName").asString()).isEqualTo("رضایی");
        // The answer comes last, after the records it confirms.
        assertThat(outboxTypesOfThisLead(leadId, accountId)).containsExactly(
                EventTypes.ACCOUNT_CREATED, EventTypes.CONTACT_CREATED, EventTypes.LEAD_CONVERSION_ACCEPTED);
    }

    @Test
    void anExistingAccountGetsTheNewContactAndNoTwin() throws Exception {
        JsonNode existing = http.post().uri("/api/accounts").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Existing Customer Co")).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String accountId = existing.get("id").asString();
        String leadId = Ids.newId().toString();
        String contactId = Ids.newId().toString();
        long accountsBefore = count("SELECT count(*) FROM account");

        send(UUID.randomUUID().toString(), qualified(leadId, Map.of("accountId", accountId, "mode", "EXISTING"),
                Map.of("contactId", contactId, "mode", "NEW"), null));

        JsonNode accepted = answerFor(leadId, EventTypes.LEAD_CONVERSION_ACCEPTED);
        assertThat(accepted.get("accountCreated").asBoolean()).isFalse();
        assertThat(accepted.get("contactCreated").asBoolean()).isTrue();
        assertThat(count("SELECT count(*) FROM account")).isEqualTo(accountsBefore);
        JsonNode contact = http.get().uri("/api/contacts/{id}", contactId).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(contact.get("accountId").asString()).isEqualTo(accountId);
        http.get().uri("/api/accounts/{id}", accountId).exchange().expectHeader().valueEquals("ETag", "\"1\"");
    }

    @Test
    void aMissingExistingAccountIsRejectedAndNothingIsCreated() throws Exception {
        String leadId = Ids.newId().toString();
        String missingAccount = Ids.newId().toString();
        String contactId = Ids.newId().toString();
        String opportunityId = Ids.newId().toString();
        send(UUID.randomUUID().toString(), qualified(leadId, Map.of("accountId", missingAccount, "mode", "EXISTING"),
                Map.of("contactId", contactId, "mode", "NEW"), opportunityId));

        JsonNode rejected = answerFor(leadId, EventTypes.LEAD_CONVERSION_REJECTED);
        assertThat(rejected.get("reason").asString()).isEqualTo("ACCOUNT_NOT_FOUND");
        assertThat(rejected.get("detail").asString()).contains(missingAccount);
        assertThat(rejected.get("accountId").asString()).isEqualTo(missingAccount);
        assertThat(rejected.get("contactId").asString()).isEqualTo(contactId);
        assertThat(rejected.get("opportunityId").asString()).isEqualTo(opportunityId);
        assertThat(rejected.get("occurredAt").asString()).endsWith("Z");
        http.get().uri("/api/contacts/{id}", contactId).exchange().expectStatus().isNotFound();
        assertThat(count("SELECT count(*) FROM outbox WHERE payload->>'sourceLeadId' = '" + leadId + "'")).isZero();
        assertThat(count("SELECT count(*) FROM outbox WHERE type = '" + EventTypes.LEAD_CONVERSION_ACCEPTED
                + "' AND aggregateid = '" + leadId + "'")).isZero();
    }

    @Test
    void theSameQualifiedEventDeliveredThreeTimesCreatesEachRecordOnceAndAnswersOnce() throws Exception {
        String leadId = Ids.newId().toString();
        String accountId = Ids.newId().toString();
        String contactId = Ids.newId().toString();
        String eventId = UUID.randomUUID().toString();
        String value = qualified(leadId, Map.of("accountId", accountId, "mode", "NEW"),
                Map.of("contactId", contactId, "mode", "NEW"), null);
        double duplicatesBefore = duplicatesCounted();
        for (int i = 0; i < 3; i++) {
            send(eventId, value);
        }

        answerFor(leadId, EventTypes.LEAD_CONVERSION_ACCEPTED);
        await().atMost(BOUND).until(() -> duplicatesCounted() >= duplicatesBefore + 2);
        assertThat(count("SELECT count(*) FROM account WHERE id = '" + accountId + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM contact WHERE id = '" + contactId + "'")).isEqualTo(1);
        assertThat(outboxTypesOfThisLead(leadId, accountId)).containsExactly(
                EventTypes.ACCOUNT_CREATED, EventTypes.CONTACT_CREATED, EventTypes.LEAD_CONVERSION_ACCEPTED);

        // Another event naming the same pre-allocated ids (not a redelivery) duplicates nothing either.
        send(UUID.randomUUID().toString(), value);
        await().atMost(BOUND).until(() -> count("SELECT count(*) FROM outbox WHERE type = '"
                + EventTypes.LEAD_CONVERSION_ACCEPTED + "' AND aggregateid = '" + leadId + "'") == 2);
        assertThat(count("SELECT count(*) FROM account WHERE id = '" + accountId + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM outbox WHERE type IN ('" + EventTypes.ACCOUNT_CREATED + "', '"
                + EventTypes.CONTACT_CREATED + "') AND payload->>'sourceLeadId' = '" + leadId + "'")).isEqualTo(2);
    }

    @Test
    void anExistingContactWithoutAccountJoinsTheNewAccountAndAMissingOneIsRejected() throws Exception {
        JsonNode loose = http.post().uri("/api/contacts").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("lastName", "Loose")).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String contactId = loose.get("id").asString();
        String leadId = Ids.newId().toString();
        String accountId = Ids.newId().toString();
        send(UUID.randomUUID().toString(), qualified(leadId, Map.of("accountId", accountId, "mode", "NEW"),
                Map.of("contactId", contactId, "mode", "EXISTING"), null));
        JsonNode accepted = answerFor(leadId, EventTypes.LEAD_CONVERSION_ACCEPTED);
        assertThat(accepted.get("contactCreated").asBoolean()).isFalse();
        JsonNode linked = http.get().uri("/api/contacts/{id}", contactId).exchange()
                .expectHeader().valueEquals("ETag", "\"2\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(linked.get("accountId").asString()).isEqualTo(accountId);
        JsonNode updated = json.readTree(db.sql("SELECT payload::text FROM outbox WHERE type = :t AND payload->>'contactId' = :c")
                .bind("t", EventTypes.CONTACT_UPDATED).bind("c", contactId).map(r -> r.get(0, String.class)).one().block());
        assertThat(updated.get("sourceLeadId").asString()).isEqualTo(leadId);
        assertThat(updated.get("changedFields").get(0).asString()).isEqualTo("accountId");

        String otherLead = Ids.newId().toString();
        String missingContact = Ids.newId().toString();
        send(UUID.randomUUID().toString(), qualified(otherLead, Map.of("accountId", Ids.newId().toString(), "mode", "NEW"),
                Map.of("contactId", missingContact, "mode", "EXISTING"), null));
        JsonNode rejected = answerFor(otherLead, EventTypes.LEAD_CONVERSION_REJECTED);
        assertThat(rejected.get("reason").asString()).isEqualTo("CONTACT_NOT_FOUND");
        assertThat(count("SELECT count(*) FROM account WHERE source_lead_id = '" + otherLead + "'")).isZero();
    }

    @Test
    void otherLeadEventsAreTakenInAndIgnoredAndABrokenQualifiedEventIsParked() throws Exception {
        String createdEvent = UUID.randomUUID().toString();
        send(createdEvent, EventTypes.LEAD_CREATED, Ids.newId().toString(),
                "{\"leadId\":\"" + Ids.newId() + "\",\"lastName\":\"Smith\",\"occurredAt\":\"2026-11-26T10:15:30Z\"}");
        String broken = UUID.randomUUID().toString();
        send(broken, EventTypes.LEAD_QUALIFIED, "x", "{\"leadId\":\"not-a-uuid\",\"occurredAt\":\"2026-11-26T10:15:30Z\"}");

        await().atMost(BOUND).until(() -> count("SELECT count(*) FROM inbox WHERE consumer = '"
                + LeadEventsListener.CONSUMER + "' AND event_id = '" + createdEvent + "'") == 1);
        var parked = TopicReader.readUntil(bootstrap(), DeadLetters.topicFor(Topics.LEAD_EVENTS), BOUND,
                read -> read.stream().anyMatch(r -> broken.equals(TopicReader.header(r, CloudEventHeaders.ID))));
        assertThat(parked).isNotEmpty();
    }

    // ---- helpers

    private String qualified(String leadId, Map<String, String> account, Map<String, String> contact,
                             String opportunityId) {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("leadId", leadId);
        body.put("version", 2);
        body.put("lead", Map.of("firstName", "علی", "lastName", "رضایی", "companyName", "شرکت پروجان",
                "jobTitle", "مدیر فروش", "email", "ali@projan.ir", "phone", "+98 912 123 4567",
                "source", "TRADE_SHOW", "ownerId", "alice"));
        if (account != null) {
            body.put("account", account);
        }
        if (contact != null) {
            body.put("contact", contact);
        }
        if (opportunityId != null) {
            body.put("opportunity", Map.of("opportunityId", opportunityId, "name", "Projan CRM",
                    "estimatedRevenue", Map.of("amount", "1250000.00", "currency", "IRR")));
        }
        body.put("occurredAt", "2026-11-26T10:15:30Z");
        body.put("actor", "alice");
        return json.writeValueAsString(body);
    }

    private void send(String eventId, String value) throws Exception {
        String leadId = json.readTree(value).get("leadId").asString();
        send(eventId, EventTypes.LEAD_QUALIFIED, leadId, value);
    }

    private void send(String eventId, String type, String key, String value) throws Exception {
        kafka.send(TestEvents.record(Topics.LEAD_EVENTS, key, type, eventId, value)).get();
    }

    /** The answer for the lead, read off the account topic (keyed by the lead id). */
    private JsonNode answerFor(String leadId, String type) {
        var events = readAccountEventsUntil(all -> all.stream().anyMatch(r -> leadId.equals(r.key()) && isType(r, type)));
        return json.readTree(events.stream().filter(r -> leadId.equals(r.key()) && isType(r, type)).findFirst()
                .orElseThrow().value());
    }

    private List<ConsumerRecord<String, String>> readAccountEventsUntil(
            java.util.function.Predicate<List<ConsumerRecord<String, String>>> done) {
        return TopicReader.readUntil(bootstrap(), Topics.ACCOUNT_EVENTS, BOUND, done);
    }

    private JsonNode payload(List<ConsumerRecord<String, String>> events, String key, String type) {
        return json.readTree(events.stream().filter(r -> key.equals(r.key()) && isType(r, type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " keyed " + key)).value());
    }

    private static boolean isType(ConsumerRecord<String, String> record, String type) {
        return type.equals(TopicReader.header(record, CloudEventHeaders.TYPE));
    }

    /** The outbox rows the lead's conversion wrote, in commit order. */
    private List<String> outboxTypesOfThisLead(String leadId, String accountId) {
        return db.sql("SELECT type FROM outbox WHERE aggregateid IN (:lead, :account) ORDER BY seq")
                .bind("lead", leadId).bind("account", accountId)
                .map(r -> r.get(0, String.class)).all().collectList().block();
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
