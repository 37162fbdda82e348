package dev.salescrm.lead.lead;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TestEvents;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * lead-service's side of the qualification saga (docs/qualification-saga.md): qualifying answers
 * 202 with the ids allocated up front and announces them; the conversion completes only when
 * account-service has accepted and the announced opportunity exists, and a rejection reopens the
 * lead with the reason. The other services' replies are produced onto the real topics here.
 */
@ServiceTest
class LeadConversionTest {

    @Autowired WebTestClient http;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired JsonMapper json;
    @Autowired ApplicationContext context;

    @Test
    void qualifyingAnswers202WithTheAnnouncedIdsAndCompletesWhenEveryRecordIsConfirmed() throws Exception {
        JsonNode lead = createLead("علی", "رضایی", "شرکت پروجان");
        String leadId = lead.get("id").asString();

        JsonNode qualified = http.post().uri("/api/leads/{id}/qualify", leadId).header("If-Match", "\"1\"")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("account", Map.of("create", true), "contact", Map.of("create", true),
                        "opportunity", Map.of("create", true, "name", "استقرار CRM",
                                "estimatedRevenue", Map.of("amount", "1250000000.00", "currency", "IRR"),
                                "estimatedCloseDate", "2027-03-01")))
                .exchange().expectStatus().isAccepted().expectHeader().valueEquals("ETag", "\"2\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(qualified.get("status").asString()).isEqualTo("QUALIFIED");
        JsonNode conversion = qualified.get("conversion");
        assertThat(conversion.get("status").asString()).isEqualTo("PENDING");
        String accountId = conversion.get("accountId").asString();
        String contactId = conversion.get("contactId").asString();
        String opportunityId = conversion.get("opportunityId").asString();
        assertThat(UUID.fromString(accountId).version()).isEqualTo(7);

        // The announcement carries exactly those ids (and validated against its schema on the way out).
        JsonNode announced = eventData(Topics.LEAD_EVENTS, leadId, EventTypes.LEAD_QUALIFIED);
        assertThat(announced.at("/account/accountId").asString()).isEqualTo(accountId);
        assertThat(announced.at("/account/mode").asString()).isEqualTo("NEW");
        assertThat(announced.at("/contact/contactId").asString()).isEqualTo(contactId);
        assertThat(announced.at("/opportunity/opportunityId").asString()).isEqualTo(opportunityId);
        assertThat(announced.at("/opportunity/estimatedRevenue/amount").asString()).isEqualTo("1250000000.00");
        assertThat(announced.at("/lead/companyName").asString()).isEqualTo("شرکت پروجان");

        // Qualifying twice is an illegal transition.
        http.post().uri("/api/leads/{id}/qualify", leadId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("contact", Map.of("create", true))).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.currentState").isEqualTo("QUALIFIED");

        // The opportunity first: not complete yet. Then account-service's reply, twice: complete, once.
        send(Topics.OPPORTUNITY_EVENTS, opportunityId, EventTypes.OPPORTUNITY_CREATED, UUID.randomUUID().toString(),
                Map.of("opportunityId", opportunityId, "sourceLeadId", leadId, "occurredAt", "2026-11-26T10:15:31Z"));
        String acceptedId = UUID.randomUUID().toString();
        Map<String, Object> accepted = Map.of("leadId", leadId, "accountId", accountId, "accountCreated", true,
                "contactId", contactId, "contactCreated", true, "occurredAt", "2026-11-26T10:15:32Z");
        send(Topics.ACCOUNT_EVENTS, leadId, EventTypes.LEAD_CONVERSION_ACCEPTED, acceptedId, accepted);
        send(Topics.ACCOUNT_EVENTS, leadId, EventTypes.LEAD_CONVERSION_ACCEPTED, acceptedId, accepted);

        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(conversionOf(leadId).get("status").asString()));
        JsonNode completed = eventData(Topics.LEAD_EVENTS, leadId, EventTypes.LEAD_CONVERSION_COMPLETED);
        assertThat(completed.get("opportunityId").asString()).isEqualTo(opportunityId);

        // A lead with a linked opportunity cannot be disqualified, even reactivated.
        http.post().uri("/api/leads/{id}/reactivate", leadId).exchange().expectStatus().isOk();
        http.post().uri("/api/leads/{id}/disqualify", leadId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "LOST")).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("linked opportunity"));
    }

    @Test
    void aRejectedConversionReopensTheLeadWithTheReasonAndLateRepliesChangeNothing() throws Exception {
        String leadId = createLead("Sara", "Karimi", "Tehran Steel").get("id").asString();
        String missingAccount = "0190f0c8-0000-7000-8000-00000000dead";
        JsonNode qualified = http.post().uri("/api/leads/{id}/qualify", leadId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("account", Map.of("existingId", missingAccount), "contact", Map.of("create", true),
                        "opportunity", Map.of("create", true, "name", "Steel deal")))
                .exchange().expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(qualified.at("/conversion/accountId").asString()).isEqualTo(missingAccount);
        String opportunityId = qualified.at("/conversion/opportunityId").asString();
        assertThat(eventData(Topics.LEAD_EVENTS, leadId, EventTypes.LEAD_QUALIFIED).at("/account/mode").asString())
                .isEqualTo("EXISTING");

        send(Topics.ACCOUNT_EVENTS, leadId, EventTypes.LEAD_CONVERSION_REJECTED, UUID.randomUUID().toString(),
                Map.of("leadId", leadId, "reason", "ACCOUNT_NOT_FOUND", "detail", "account " + missingAccount + " does not exist",
                        "accountId", missingAccount, "opportunityId", opportunityId, "occurredAt", "2026-11-26T10:15:31Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(conversionOf(leadId).get("status").asString()));
        JsonNode lead = getLead(leadId);
        assertThat(lead.get("status").asString()).isEqualTo("OPEN");
        assertThat(lead.at("/conversion/failureReason").asString()).startsWith("ACCOUNT_NOT_FOUND");
        assertThat(eventData(Topics.LEAD_EVENTS, leadId, EventTypes.LEAD_REACTIVATED).get("previousStatus").asString())
                .isEqualTo("QUALIFIED");

        // opportunity-service's (canceled) opportunity arrives late: the failed conversion stays failed.
        long version = lead.get("version").asLong();
        send(Topics.OPPORTUNITY_EVENTS, opportunityId, EventTypes.OPPORTUNITY_CREATED, UUID.randomUUID().toString(),
                Map.of("opportunityId", opportunityId, "sourceLeadId", leadId, "occurredAt", "2026-11-26T10:15:33Z"));
        String marker = createLead("After", "Marker", null).get("id").asString();
        send(Topics.OPPORTUNITY_EVENTS, marker, EventTypes.OPPORTUNITY_CREATED, UUID.randomUUID().toString(),
                Map.of("opportunityId", UUID.randomUUID().toString(), "sourceLeadId", marker, "occurredAt", "2026-11-26T10:15:34Z"));
        awaitInboxed(marker);
        assertThat(getLead(leadId).get("version").asLong()).isEqualTo(version);
        assertThat(conversionOf(leadId).get("status").asString()).isEqualTo("FAILED");
        // ...and the reopened lead can be qualified again.
        http.post().uri("/api/leads/{id}/qualify", leadId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("account", Map.of("create", true))).exchange().expectStatus().isAccepted();
    }

    @Test
    void aQualificationThatCannotMakeSenseIs400NamingTheField() {
        String leadId = createLead("Bad", "Request", null).get("id").asString();
        qualify400(leadId, Map.of(), "account");
        qualify400(leadId, Map.of("account", Map.of("create", true, "existingId", "0190f0c8-0000-7000-8000-000000000001")), "account");
        qualify400(leadId, Map.of("contact", Map.of("create", false)), "contact");
        qualify400(leadId, Map.of("account", Map.of("create", true), "opportunity", Map.of("create", true)), "opportunity.name");
        http.post().uri("/api/leads/{id}/qualify", leadId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("account", Map.of("create", true),
                        "opportunity", Map.of("create", true, "name", "x", "estimatedRevenue", Map.of("amount", 12.5, "currency", "IRR"))))
                .exchange().expectStatus().isBadRequest();
        assertThat(getLead(leadId).get("status").asString()).isEqualTo("OPEN");
    }

    private void qualify400(String leadId, Map<String, Object> body, String field) {
        http.post().uri("/api/leads/{id}/qualify", leadId).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
    }

    private JsonNode createLead(String first, String last, String company) {
        Map<String, Object> body = company == null ? Map.of("firstName", first, "lastName", last)
                : Map.of("firstName", first, "lastName", last, "companyName", company);
        return http.post().uri("/api/leads").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode getLead(String id) {
        return http.get().uri("/api/leads/{id}", id).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode conversionOf(String id) {
        return getLead(id).get("conversion");
    }

    private void send(String topic, String key, String type, String eventId, Map<String, Object> data) throws Exception {
        kafka.send(TestEvents.record(topic, key, type, eventId, json.writeValueAsString(data))).get();
    }

    private void awaitInboxed(String leadKey) {
        var db = context.getBean(org.springframework.r2dbc.core.DatabaseClient.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> db.sql(
                        "SELECT count(*) FROM inbox i WHERE i.consumer = :c AND i.type = :t AND EXISTS "
                                + "(SELECT 1 FROM lead l WHERE l.id = CAST(:lead AS uuid))")
                .bind("c", dev.salescrm.lead.OpportunityEventsListener.CONSUMER).bind("t", EventTypes.OPPORTUNITY_CREATED)
                .bind("lead", leadKey).map(r -> r.get(0, Long.class)).one().block() >= 2);
    }

    private JsonNode eventData(String topic, String key, String type) {
        String bootstrap = ServiceTestInfrastructure.broker(context).getBrokersAsString();
        return TopicReader.readUntil(bootstrap, topic, Duration.ofSeconds(30), records -> records.stream()
                        .anyMatch(r -> key.equals(r.key()) && type.equals(TopicReader.header(r, CloudEventHeaders.TYPE))))
                .stream().filter(r -> key.equals(r.key()) && type.equals(TopicReader.header(r, CloudEventHeaders.TYPE)))
                .map(r -> json.readTree(r.value())).reduce((first, second) -> second).orElseThrow();
    }
}
