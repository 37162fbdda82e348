package dev.salescrm.lead.campaign;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TopicReader;

import static dev.salescrm.lead.campaign.CampaignFixtures.person;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Converting a campaign response does exactly one of four things and closes the response with its
 * event in the same transaction; a second conversion is a 409 naming the state; a target that does
 * not exist is a 400 naming the field, and then nothing is created and the response stays OPEN.
 */
@ServiceTest
class CampaignResponseConversionTest {

    @Autowired WebTestClient http;
    @Autowired JsonMapper json;
    @Autowired ApplicationContext context;

    CampaignFixtures fixtures;
    String campaignId;

    @BeforeEach
    void campaign() {
        fixtures = new CampaignFixtures(http, json, context);
        campaignId = fixtures.campaign("Tehran Expo 2026").get("id").asString();
    }

    @Test
    void linkingToALeadLogsACompletedActivityWithItAndClosesTheResponse() {
        String leadId = lead(Map.of("firstName", "Sara", "lastName", "Karimi", "companyName", "Tehran Steel"));
        String responseId = response(person("Sara", "Karimi", null, "sara@example.ir", "2026-11-05T08:30:00Z"));

        JsonNode closed = fixtures.convert(responseId, Map.of("action", "LINK_EXISTING", "leadId", leadId))
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"2\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(closed.get("status").asString()).isEqualTo("CLOSED");
        assertThat(closed.at("/conversion/action").asString()).isEqualTo("LINK_EXISTING");
        assertThat(closed.at("/conversion/leadId").asString()).isEqualTo(leadId);
        assertThat(closed.at("/conversion/convertedBy").asString()).isEqualTo("test-admin");
        assertThat(closed.has("duplicates")).isFalse();

        // The follow-up is a completed, inbound activity with the lead, at the time the response came in...
        JsonNode activities = fixtures.get("/api/leads/{id}/activities", leadId).get("items");
        assertThat(activities).singleElement().satisfies(a -> {
            assertThat(a.get("type").asString()).isEqualTo("EMAIL");
            assertThat(a.get("direction").asString()).isEqualTo("INBOUND");
            assertThat(a.get("completedAt").asString()).isEqualTo("2026-11-05T08:30:00Z");
            assertThat(a.get("subject").asString()).contains("Tehran Expo 2026");
            assertThat(a.get("description").asString()).contains(responseId);
        });
        // ...made through the activity code, so the New lead is now Contacted.
        assertThat(fixtures.get("/api/leads/{id}", leadId).get("statusReason").asString()).isEqualTo("CONTACTED");

        JsonNode event = fixtures.responseEvent(campaignId, responseId, EventTypes.CAMPAIGN_RESPONSE_CONVERTED);
        assertThat(event.get("action").asString()).isEqualTo("LINK_EXISTING");
        assertThat(event.get("leadId").asString()).isEqualTo(leadId);
        assertThat(event.has("contactId")).isFalse();

        // Converting twice, or closing a converted response, is an illegal transition naming the state.
        for (Map<String, Object> again : List.<Map<String, Object>>of(Map.of("action", "LINK_EXISTING", "leadId", leadId),
                Map.of("action", "CLOSE", "reason", "changed my mind"), Map.of("action", "NEW_LEAD"))) {
            fixtures.convert(responseId, again).expectStatus().isEqualTo(409)
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("urn:crm:problem:illegal-transition")
                    .jsonPath("$.currentState").isEqualTo("CLOSED");
        }
        assertThat(fixtures.get("/api/leads/{id}/activities", leadId).get("items")).hasSize(1);
        assertThat(fixtures.count("SELECT count(*) FROM outbox WHERE type = $1 AND payload->>'campaignResponseId' = $2",
                EventTypes.CAMPAIGN_RESPONSE_CONVERTED, responseId)).isEqualTo(1);
        assertThat(leadsInTheCampaign()).isZero();
    }

    @Test
    void linkingToAContactAnnouncesItForAccountServiceAndTouchesNoLead() {
        String contactId = UUID.randomUUID().toString();
        String responseId = response(person("Reza", "Ahmadi", "Aria Eng", "reza@example.ir", null));
        JsonNode closed = fixtures.converted(responseId, Map.of("action", "LINK_EXISTING", "contactId", contactId));
        assertThat(closed.at("/conversion/contactId").asString()).isEqualTo(contactId);
        assertThat(closed.at("/conversion/leadId").isNull()).isTrue();

        JsonNode event = fixtures.responseEvent(campaignId, responseId, EventTypes.CAMPAIGN_RESPONSE_CONVERTED);
        assertThat(event.get("action").asString()).isEqualTo("LINK_EXISTING");
        assertThat(event.get("contactId").asString()).isEqualTo(contactId);
        assertThat(event.has("leadId")).isFalse();
        assertThat(activitiesAbout(responseId)).isZero();
        assertThat(leadsInTheCampaign()).isZero();
    }

    @Test
    void aNewLeadIsMadeThroughTheLeadPathInTheCampaignWithItsDuplicates() {
        String earlier = lead(Map.of("lastName", "Someone", "email", "ali@example.ir"));
        String responseId = response(person("علی", "رضایی", "شرکت پروجان", "ali@example.ir", "2026-11-03T09:00:00Z"));

        JsonNode closed = fixtures.converted(responseId, Map.of("action", "NEW_LEAD"));
        assertThat(closed.get("status").asString()).isEqualTo("CLOSED");
        assertThat(closed.at("/conversion/action").asString()).isEqualTo("NEW_LEAD");
        String leadId = closed.at("/conversion/leadId").asString();
        assertThat(UUID.fromString(leadId).version()).isEqualTo(7);
        // The normal creation path reports duplicates: the earlier lead has the same e-mail.
        assertThat(closed.get("duplicates")).singleElement().satisfies(d -> {
            assertThat(d.get("id").asString()).isEqualTo(earlier);
            assertThat(d.get("matchedOn").toString()).contains("email");
        });

        JsonNode lead = fixtures.get("/api/leads/{id}", leadId);
        assertThat(lead.get("firstName").asString()).isEqualTo("علی");
        assertThat(lead.get("companyName").asString()).isEqualTo("شرکت پروجان");
        assertThat(lead.get("campaignId").asString()).isEqualTo(campaignId);
        assertThat(lead.get("sourceCampaignResponseId").asString()).isEqualTo(responseId);
        assertThat(lead.get("source").asString()).isEqualTo("CAMPAIGN_RESPONSE");
        assertThat(lead.get("status").asString()).isEqualTo("OPEN");

        JsonNode created = leadEvent(leadId, EventTypes.LEAD_CREATED);
        assertThat(created.get("campaignId").asString()).isEqualTo(campaignId);
        JsonNode event = fixtures.responseEvent(campaignId, responseId, EventTypes.CAMPAIGN_RESPONSE_CONVERTED);
        assertThat(event.get("action").asString()).isEqualTo("NEW_LEAD");
        assertThat(event.get("leadId").asString()).isEqualTo(leadId);

        // Qualifying that lead tells opportunity-service which campaign response it came from.
        http.post().uri("/api/leads/{id}/qualify", leadId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("account", Map.of("create", true),
                        "opportunity", Map.of("create", true, "name", "Expo deal")))
                .exchange().expectStatus().isAccepted();
        assertThat(leadEvent(leadId, EventTypes.LEAD_QUALIFIED).get("sourceCampaignResponseId").asString())
                .isEqualTo(responseId);
    }

    @Test
    void aNewOpportunityIsAnnouncedWithTheIdAllocatedHere() {
        String accountId = UUID.randomUUID().toString();
        String forAccount = response(person("Maryam", "Hosseini", "Pars Oil", null, null));
        JsonNode closed = fixtures.converted(forAccount, Map.of("action", "NEW_OPPORTUNITY", "accountId", accountId,
                "name", "قرارداد پشتیبانی", "ownerId", "bob"));
        String opportunityId = closed.at("/conversion/opportunityId").asString();
        assertThat(UUID.fromString(opportunityId).version()).isEqualTo(7);
        JsonNode event = fixtures.responseEvent(campaignId, forAccount, EventTypes.CAMPAIGN_RESPONSE_CONVERTED);
        assertThat(event.get("action").asString()).isEqualTo("NEW_OPPORTUNITY");
        assertThat(event.get("opportunityId").asString()).isEqualTo(opportunityId);
        assertThat(event.get("opportunityName").asString()).isEqualTo("قرارداد پشتیبانی");
        assertThat(event.get("accountId").asString()).isEqualTo(accountId);
        assertThat(event.get("ownerId").asString()).isEqualTo("bob");
        assertThat(event.has("contactId")).isFalse();

        // For a contact, and without an owner: the one converting owns it.
        String contactId = UUID.randomUUID().toString();
        String forContact = response(person("Nima", "Sadeghi", null, "nima@example.ir", null));
        fixtures.converted(forContact, Map.of("action", "NEW_OPPORTUNITY", "contactId", contactId, "name", "Licences"));
        JsonNode second = fixtures.responseEvent(campaignId, forContact, EventTypes.CAMPAIGN_RESPONSE_CONVERTED);
        assertThat(second.get("contactId").asString()).isEqualTo(contactId);
        assertThat(second.get("ownerId").asString()).isEqualTo("test-admin");
        assertThat(second.has("accountId")).isFalse();
        assertThat(leadsInTheCampaign()).isZero();
    }

    @Test
    void closingAddsNobodyAndKeepsTheResponse() {
        String responseId = response(person("Spam", "Bot", null, "bot@spam.example", null));
        JsonNode closed = fixtures.converted(responseId, Map.of("action", "CLOSE", "reason", "spam"));
        assertThat(closed.at("/conversion/reason").asString()).isEqualTo("spam");
        JsonNode event = fixtures.responseEvent(campaignId, responseId, EventTypes.CAMPAIGN_RESPONSE_CLOSED);
        assertThat(event.get("reason").asString()).isEqualTo("spam");
        assertThat(event.get("actor").asString()).isEqualTo("test-admin");
        assertThat(leadsInTheCampaign()).isZero();
        assertThat(activitiesAbout(responseId)).isZero();
        assertThat(fixtures.get("/api/campaign-responses/{id}", responseId).get("status").asString()).isEqualTo("CLOSED");
    }

    @Test
    void aTargetThatDoesNotExistCreatesNothingAndLeavesTheResponseOpen() {
        String responseId = response(person("Target", "Missing", null, "t@example.com", null));
        String noSuchLead = "0190f0c8-0000-7000-8000-00000000dead";
        fixtures.convert(responseId, Map.of("action", "LINK_EXISTING", "leadId", noSuchLead))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("leadId");

        // A response with only an e-mail cannot become a lead (a lead needs a last name or a company).
        String emailOnly = response(Map.of("email", "only@example.com"));
        fixtures.convert(emailOnly, Map.of("action", "NEW_LEAD"))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("lastName");

        // Decisions that do not make sense: 400 naming the field.
        convert400(responseId, Map.of("action", "LINK_EXISTING"), "leadId");
        convert400(responseId, Map.of("action", "LINK_EXISTING", "leadId", noSuchLead, "contactId", noSuchLead), "leadId");
        convert400(responseId, Map.of("action", "NEW_OPPORTUNITY", "name", "x"), "accountId");
        convert400(responseId, Map.of("action", "NEW_OPPORTUNITY", "accountId", noSuchLead), "name");
        convert400(responseId, Map.of("action", "CLOSE"), "reason");
        convert400(responseId, Map.of("action", "NEW_LEAD", "reason", "why not"), "reason");
        convert400(responseId, Map.of("action", "PROMOTE"), "action");
        convert400(responseId, Map.of(), "action");
        http.post().uri("/api/campaign-responses/{id}/convert", responseId).header("If-Match", "\"7\"")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("action", "CLOSE", "reason", "stale"))
                .exchange().expectStatus().isEqualTo(412);
        fixtures.convert("0190f0c8-0000-7000-8000-000000000404", Map.of("action", "CLOSE", "reason", "gone"))
                .expectStatus().isNotFound();

        for (String id : List.of(responseId, emailOnly)) {
            JsonNode response = fixtures.get("/api/campaign-responses/{id}", id);
            assertThat(response.get("status").asString()).isEqualTo("OPEN");
            assertThat(response.get("version").asLong()).isEqualTo(1);
        }
        assertThat(leadsInTheCampaign()).isZero();
        assertThat(activitiesAbout(responseId)).isZero();
        assertThat(fixtures.count("SELECT count(*) FROM outbox WHERE aggregateid = $1 AND type IN ($2, $3)",
                campaignId, EventTypes.CAMPAIGN_RESPONSE_CONVERTED, EventTypes.CAMPAIGN_RESPONSE_CLOSED)).isZero();
    }

    @Test
    void ofConversionsRacingForOneResponseOneWinsAndOnlyItsLeadExists() {
        String responseId = response(person("Race", "Condition", "Concurrency Ltd", null, null));
        List<CompletableFuture<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            attempts.add(CompletableFuture.supplyAsync(() -> fixtures.convert(responseId, Map.of("action", "NEW_LEAD"))
                    .expectBody().returnResult().getStatus().value()));
        }
        List<Integer> statuses = attempts.stream().map(CompletableFuture::join).toList();
        assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 409);
        assertThat(leadsInTheCampaign()).isEqualTo(1);
        assertThat(fixtures.count("SELECT count(*) FROM outbox WHERE type = $1 AND payload->>'campaignId' = $2",
                EventTypes.LEAD_CREATED, campaignId)).isEqualTo(1);
        String leadId = fixtures.get("/api/campaign-responses/{id}", responseId).at("/conversion/leadId").asString();
        assertThat(fixtures.count("SELECT count(*) FROM lead WHERE id = $1", UUID.fromString(leadId))).isEqualTo(1);
    }

    private long leadsInTheCampaign() {
        return fixtures.count("SELECT count(*) FROM lead WHERE campaign_id = $1", UUID.fromString(campaignId));
    }

    private long activitiesAbout(String responseId) {
        return fixtures.count("SELECT count(*) FROM lead_activity WHERE description LIKE $1", "%" + responseId + "%");
    }

    private void convert400(String responseId, Map<String, Object> body, String field) {
        fixtures.convert(responseId, body).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
    }

    private String response(Map<String, Object> fields) {
        return fixtures.response(campaignId, fields).get("id").asString();
    }

    private String lead(Map<String, Object> body) {
        return http.post().uri("/api/leads").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("id").asString();
    }

    private JsonNode leadEvent(String leadId, String type) {
        return TopicReader.readUntil(fixtures.bootstrap(), Topics.LEAD_EVENTS, Duration.ofSeconds(60), all -> all.stream()
                        .anyMatch(r -> leadId.equals(r.key()) && type.equals(TopicReader.header(r, CloudEventHeaders.TYPE))))
                .stream().filter(r -> leadId.equals(r.key()) && type.equals(TopicReader.header(r, CloudEventHeaders.TYPE)))
                .map(r -> json.readTree(r.value())).reduce((a, b) -> b).orElseThrow();
    }
}
