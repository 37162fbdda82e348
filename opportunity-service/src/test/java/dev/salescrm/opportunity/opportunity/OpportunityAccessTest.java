package dev.salescrm.opportunity.opportunity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import dev.salescrm.opportunity.opportunity.domain.Customer;
import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.security.AccessRules;
import dev.salescrm.platform.test.AuthorizationMatrix;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may see which opportunities: the role matrix over every endpoint, and the object-level rule
 * that a sales rep sees only their own — another rep's opportunity does not exist for them.
 */
@ServiceTest
class OpportunityAccessTest {

    static final String ALICE = TestTokens.bearer("alice", "SALES_REP");
    static final String BOB = TestTokens.bearer("bob", "SALES_REP");
    static final String MARYAM = TestTokens.bearer("maryam", "SALES_MANAGER");
    static final String ANNA = TestTokens.bearer("analytics", "ANALYTICS");

    @Autowired WebTestClient http;
    @Autowired ApplicationContext context;
    @Autowired AccessRules rules;
    @Autowired OpportunityRepository repository;

    @Test
    void everyEndpointFollowsTheAccessRules() {
        AuthorizationMatrix.verify(http, context, rules::roleNamesFor);
    }

    @Test
    void theRulesMatchTheSecurityModel() {
        // The matrix holds every mapped endpoint to the rules; these hold the rules to the security model.
        assertThat(rules.roleNamesFor(HttpMethod.POST, "/api/opportunities")).contains(
                java.util.Set.of("SALES_REP", "SALES_MANAGER", "ADMIN"));
        assertThat(rules.roleNamesFor(HttpMethod.POST, "/api/opportunities/0190f0c8-0000-7000-8000-000000000001/win"))
                .contains(java.util.Set.of("SALES_REP", "SALES_MANAGER", "ADMIN"));
        assertThat(rules.roleNamesFor(HttpMethod.GET, "/api/quotes/0190f0c8-0000-7000-8000-000000000001"))
                .contains(java.util.Set.of("SALES_REP", "SALES_MANAGER", "ADMIN", "ANALYTICS", "BILLING"));
        assertThat(rules.roleNamesFor(HttpMethod.DELETE, "/api/quotes/0190f0c8-0000-7000-8000-000000000001/lines/x"))
                .contains(java.util.Set.of("SALES_REP", "SALES_MANAGER", "ADMIN"));
        // Billing reads quotes, also as an opportunity's list of quotes, but not the opportunities.
        assertThat(rules.roleNamesFor(HttpMethod.GET, "/api/opportunities/0190f0c8-0000-7000-8000-000000000001/quotes"))
                .contains(java.util.Set.of("SALES_REP", "SALES_MANAGER", "ADMIN", "ANALYTICS", "BILLING"));
        assertThat(rules.roleNamesFor(HttpMethod.GET, "/api/opportunities/0190f0c8-0000-7000-8000-000000000001"))
                .contains(java.util.Set.of("SALES_REP", "SALES_MANAGER", "ADMIN", "ANALYTICS"));
        assertThat(rules.roleNamesFor(HttpMethod.POST, "/api/opportunities/0190f0c8-0000-7000-8000-000000000001/quotes"))
                .contains(java.util.Set.of("SALES_REP", "SALES_MANAGER", "ADMIN"));
        assertThat(rules.roleNamesFor(HttpMethod.GET, "/api/pipeline"))
                .contains(java.util.Set.of("SALES_REP", "SALES_MANAGER", "ADMIN", "ANALYTICS"));
        assertThat(rules.roleNamesFor(HttpMethod.DELETE, "/api/opportunities/0190f0c8-0000-7000-8000-000000000001"))
                .as("no rule: denied").isEmpty();
    }

    @Test
    void aRepSeesOnlyTheirOwnOpportunities() {
        Opportunity alices = store("alice", "Alice's deal");
        Opportunity bobs = store("bob", "Bob's deal");
        Opportunity unassigned = store(null, "Nobody's deal");

        get(ALICE, alices).expectStatus().isOk();
        get(BOB, alices).expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:not-found");
        get(ALICE, bobs).expectStatus().isNotFound();
        get(ALICE, unassigned).expectStatus().isNotFound();
        get(MARYAM, alices).expectStatus().isOk();
        get(MARYAM, unassigned).expectStatus().isOk();
        get(ANNA, bobs).expectStatus().isOk();

        assertThat(listIds(ALICE, "")).contains(id(alices)).doesNotContain(id(bobs), id(unassigned));
        assertThat(listIds(BOB, "")).contains(id(bobs)).doesNotContain(id(alices), id(unassigned));
        assertThat(listIds(MARYAM, "")).contains(id(alices), id(bobs), id(unassigned));
        // Asking for bob's opportunities by owner, or by bob's account, does not open them to alice.
        assertThat(listIds(ALICE, "&ownerId=bob")).isEmpty();
        assertThat(listIds(ALICE, "&accountId=" + bobs.customer().accountId())).isEmpty();
        assertThat(listIds(MARYAM, "&ownerId=bob")).containsExactly(id(bobs));
    }

    private Opportunity store(String owner, String name) {
        Opportunity opportunity = Opportunity.open(Ids.newId(), new Opportunity.Proposal(name,
                        Customer.account(Ids.newId()), owner, null, null, null, null), "maryam",
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        repository.insertIfAbsent(opportunity).block();
        return opportunity;
    }

    private static String id(Opportunity opportunity) {
        return opportunity.id().toString();
    }

    private WebTestClient.ResponseSpec get(String token, Opportunity opportunity) {
        return http.get().uri("/api/opportunities/{id}", opportunity.id())
                .header(HttpHeaders.AUTHORIZATION, token).exchange();
    }

    private List<String> listIds(String token, String filters) {
        JsonNode page = http.get().uri("/api/opportunities?limit=200" + filters).header(HttpHeaders.AUTHORIZATION, token)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        return page.get("items").valueStream().map(item -> item.get("id").asString()).toList();
    }
}
