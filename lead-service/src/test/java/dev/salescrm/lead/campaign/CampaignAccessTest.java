package dev.salescrm.lead.campaign;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.platform.security.AccessRules;
import dev.salescrm.platform.test.AuthorizationMatrix;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TestTokens;

import static dev.salescrm.lead.campaign.CampaignFixtures.person;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what with campaigns ("leads & campaigns" in ARCHITECTURE.md): the roles of each
 * endpoint pinned here (LeadAccessTest walks the authorisation matrix over every route of the
 * service, these included, against the same rules), and the sales rep's object-level rules when
 * converting — a lead they may not see does not exist for them, and what they make is theirs.
 */
@ServiceTest
class CampaignAccessTest {

    static final String ALICE = TestTokens.bearer("alice", "SALES_REP");
    static final String BOB = TestTokens.bearer("bob", "SALES_REP");
    static final String MONA = TestTokens.bearer("mona", "MARKETING");
    static final String ANALYST = TestTokens.bearer("reporting", "ANALYTICS");
    static final String BILLING = TestTokens.bearer("bill", "BILLING");

    static final Set<String> READ = Set.of("SALES_REP", "SALES_MANAGER", "MARKETING", "ADMIN", "ANALYTICS");
    static final Set<String> RUN = Set.of("SALES_MANAGER", "MARKETING", "ADMIN");
    static final Set<String> CONVERT = Set.of("SALES_REP", "SALES_MANAGER", "MARKETING", "ADMIN");
    static final Set<String> REPORT = Set.of("SALES_MANAGER", "MARKETING", "ADMIN", "ANALYTICS");

    @Autowired WebTestClient http;
    @Autowired JsonMapper json;
    @Autowired ApplicationContext context;
    @Autowired AccessRules rules;

    CampaignFixtures fixtures;
    String campaignId;

    @BeforeEach
    void campaign() {
        fixtures = new CampaignFixtures(http, json, context);
        campaignId = fixtures.campaign("Access campaign").get("id").asString();
    }

    /** The rules the matrix holds the service to, pinned here: loosening one must fail a test too. */
    @Test
    void eachCampaignEndpointAdmitsExactlyTheRolesDecided() {
        var endpoints = AuthorizationMatrix.endpoints(context).stream().map(Object::toString).toList();
        Map<String, Set<String>> decided = Map.of(
                "GET /api/campaigns", READ,
                "POST /api/campaigns", RUN,
                "GET /api/campaigns/{id}", READ,
                "POST /api/campaigns/{id}/responses", RUN,
                "GET /api/campaigns/{id}/responses", READ,
                "GET /api/campaigns/{id}/funnel", REPORT,
                "GET /api/campaign-responses/{id}", READ,
                "POST /api/campaign-responses/{id}/convert", CONVERT);
        decided.forEach((endpoint, roles) -> {
            assertThat(endpoints).as("the service maps %s", endpoint).contains(endpoint);
            String[] parts = endpoint.split(" ");
            String path = parts[1].replace("{id}", "0190f0c8-0000-7000-8000-000000000001");
            assertThat(rules.roleNamesFor(HttpMethod.valueOf(parts[0]), path)).as(endpoint).contains(roles);
        });
    }

    @Test
    void aRepReadsCampaignsAndResponsesButRunsNoCampaignAndSeesNoFunnel() {
        String responseId = fixtures.response(campaignId, person("Read", "Me", null, null, null)).get("id").asString();
        as(ALICE).get().uri("/api/campaigns").exchange().expectStatus().isOk();
        as(ALICE).get().uri("/api/campaigns/{id}/responses", campaignId).exchange().expectStatus().isOk();
        as(ALICE).get().uri("/api/campaign-responses/{id}", responseId).exchange().expectStatus().isOk();
        as(ALICE).post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Rep campaign", "code", "REP")).exchange().expectStatus().isForbidden();
        as(ALICE).post().uri("/api/campaigns/{id}/responses", campaignId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(person("Rep", "Entered", null, null, null)).exchange().expectStatus().isForbidden();
        as(ALICE).get().uri("/api/campaigns/{id}/funnel", campaignId).exchange().expectStatus().isForbidden();
        // Analytics reads, funnel included, and writes nothing; billing sees no campaign at all.
        as(ANALYST).get().uri("/api/campaigns/{id}/funnel", campaignId).exchange().expectStatus().isOk();
        as(ANALYST).post().uri("/api/campaign-responses/{id}/convert", responseId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("action", "CLOSE", "reason", "no")).exchange().expectStatus().isForbidden();
        as(BILLING).get().uri("/api/campaigns/{id}", campaignId).exchange().expectStatus().isForbidden();
        assertThat(fixtures.get("/api/campaign-responses/{id}", responseId).get("status").asString()).isEqualTo("OPEN");
    }

    @Test
    void aRepLinksOnlyToLeadsTheyMaySee() {
        String bobsLead = lead(BOB, Map.of("lastName", "Bobs-Lead"));
        String alicesLead = lead(ALICE, Map.of("lastName", "Alices-Lead"));
        String responseId = fixtures.response(campaignId, person("Link", "Me", null, null, null)).get("id").asString();

        convert(ALICE, responseId, Map.of("action", "LINK_EXISTING", "leadId", bobsLead))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("leadId");
        assertThat(fixtures.count("SELECT count(*) FROM lead_activity WHERE lead_id = CAST($1 AS uuid)", bobsLead)).isZero();
        assertThat(fixtures.get("/api/campaign-responses/{id}", responseId).get("status").asString()).isEqualTo("OPEN");

        convert(ALICE, responseId, Map.of("action", "LINK_EXISTING", "leadId", alicesLead)).expectStatus().isOk();
        assertThat(fixtures.count("SELECT count(*) FROM lead_activity WHERE lead_id = CAST($1 AS uuid)", alicesLead))
                .isEqualTo(1);
    }

    @Test
    void whatARepMakesFromAResponseIsTheirsAndOnlyTheirs() {
        String forLead = fixtures.response(campaignId, person("New", "Lead-For-Alice", null, null, null)).get("id").asString();
        convert(ALICE, forLead, Map.of("action", "NEW_LEAD", "ownerId", "bob"))
                .expectStatus().isForbidden().expectBody().jsonPath("$.field").isEqualTo("ownerId");
        assertThat(fixtures.count("SELECT count(*) FROM lead WHERE last_name = 'Lead-For-Alice'")).isZero();
        JsonNode closed = convert(ALICE, forLead, Map.of("action", "NEW_LEAD")).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String leadId = closed.at("/conversion/leadId").asString();
        assertThat(closed.at("/conversion/ownerId").asString()).isEqualTo("alice");
        as(ALICE).get().uri("/api/leads/{id}", leadId).exchange().expectStatus().isOk();
        as(BOB).get().uri("/api/leads/{id}", leadId).exchange().expectStatus().isNotFound();

        String forOpportunity = fixtures.response(campaignId, person("New", "Opportunity", "Customer Co", null, null))
                .get("id").asString();
        convert(ALICE, forOpportunity, Map.of("action", "NEW_OPPORTUNITY", "accountId",
                "0190f0c8-0000-7000-8000-000000000777", "name", "For Bob", "ownerId", "bob"))
                .expectStatus().isForbidden().expectBody().jsonPath("$.field").isEqualTo("ownerId");
        assertThat(fixtures.get("/api/campaign-responses/{id}", forOpportunity).get("status").asString()).isEqualTo("OPEN");
        convert(ALICE, forOpportunity, Map.of("action", "NEW_OPPORTUNITY", "accountId",
                "0190f0c8-0000-7000-8000-000000000777", "name", "Mine")).expectStatus().isOk()
                .expectBody().jsonPath("$.conversion.ownerId").isEqualTo("alice");

        // Marketing leaves a new lead unassigned, for sales to pick up.
        String forMarketing = fixtures.response(campaignId, person("New", "Unassigned", null, null, null)).get("id").asString();
        convert(MONA, forMarketing, Map.of("action", "NEW_LEAD")).expectStatus().isOk()
                .expectBody().jsonPath("$.conversion.ownerId").doesNotExist();
    }

    private WebTestClient as(String token) {
        return http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, token).build();
    }

    private WebTestClient.ResponseSpec convert(String token, String responseId, Map<String, Object> body) {
        return as(token).post().uri("/api/campaign-responses/{id}/convert", responseId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private String lead(String token, Map<String, Object> body) {
        return as(token).post().uri("/api/leads").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("id").asString();
    }
}
