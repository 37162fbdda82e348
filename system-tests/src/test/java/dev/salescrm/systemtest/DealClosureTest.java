package dev.salescrm.systemtest;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.salescrm.launcher.Suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing deals across real services, through the gateway: a won opportunity makes its account a
 * customer; a deal lost to a competitor leaves it a prospect. (Quotes and orders join this story
 * with the rest of the deal-closure issue.)
 */
@ExtendWith(RunningSuite.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DealClosureTest {

    private CrmClient crm;

    @BeforeEach
    void connect(Suite suite) {
        crm = new CrmClient(suite);
    }

    /** A qualified lead with a new account, contact and opportunity; returns the conversion. */
    private CrmClient.Response qualifiedLead(String company) {
        var lead = crm.post("alice", "/api/leads", Map.of("firstName", "Nima", "lastName", "Rahimi", "companyName", company));
        assertThat(lead.status()).as(lead.raw().body()).isEqualTo(201);
        String leadId = lead.text("/id");
        var qualified = crm.post("alice", "/api/leads/" + leadId + "/qualify", Map.of("account", Map.of("create", true),
                "contact", Map.of("create", true), "opportunity", Map.of("create", true, "name", "Deal with " + company,
                        "estimatedRevenue", Map.of("amount", "990000000", "currency", "IRR"))));
        assertThat(qualified.status()).as(qualified.raw().body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() ->
                "COMPLETED".equals(crm.get("alice", "/api/leads/" + leadId).text("/conversion/status")));
        return qualified;
    }

    @Test
    void winningTheOpportunityMakesTheProspectACustomer() {
        var conversion = qualifiedLead("شرکت برنده " + UUID.randomUUID().toString().substring(0, 6));
        String accountId = conversion.text("/conversion/accountId");
        String opportunityId = conversion.text("/conversion/opportunityId");
        assertThat(crm.get("alice", "/api/accounts/" + accountId).text("/relationshipType")).isEqualTo("PROSPECT");

        var stage = crm.post("alice", "/api/opportunities/" + opportunityId + "/stage", Map.of("stage", "DEVELOP"));
        assertThat(stage.status()).as(stage.raw().body()).isEqualTo(200);
        var won = crm.post("alice", "/api/opportunities/" + opportunityId + "/win",
                Map.of("actualRevenue", Map.of("amount", "1000000000", "currency", "IRR"), "note", "امضا شد"));
        assertThat(won.status()).as(won.raw().body()).isEqualTo(200);
        assertThat(won.text("/status")).isEqualTo("WON");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                "CUSTOMER".equals(crm.get("alice", "/api/accounts/" + accountId).text("/relationshipType")));
        // Winning twice is an illegal transition.
        assertThat(crm.post("alice", "/api/opportunities/" + opportunityId + "/win",
                Map.of("actualRevenue", Map.of("amount", "1", "currency", "IRR"))).status()).isEqualTo(409);
    }

    @Test
    void aDealLostToACompetitorLeavesTheAccountAProspect() {
        var conversion = qualifiedLead("Lost Deal Co " + UUID.randomUUID().toString().substring(0, 6));
        String accountId = conversion.text("/conversion/accountId");
        String opportunityId = conversion.text("/conversion/opportunityId");

        var lost = crm.post("alice", "/api/opportunities/" + opportunityId + "/lose",
                Map.of("reason", "OUT_SOLD", "competitor", "رقیب", "note", "price"));
        assertThat(lost.status()).as(lost.raw().body()).isEqualTo(200);
        assertThat(lost.text("/statusReason")).isEqualTo("OUT_SOLD");
        assertThat(crm.count("opportunity-service",
                "SELECT count(*) FROM opportunity_close WHERE opportunity_id = ? AND competitor = 'رقیب'",
                UUID.fromString(opportunityId))).isEqualTo(1);
        // The account-side consumer has seen the loss (it passes it over) and the account is unchanged.
        await().atMost(Duration.ofSeconds(60)).until(() -> crm.count("account-service",
                "SELECT count(*) FROM inbox WHERE consumer = 'account-service.opportunity-events' AND type = 'crm.opportunity.lost.v1'") > 0);
        var account = crm.get("alice", "/api/accounts/" + accountId);
        assertThat(account.text("/relationshipType")).isEqualTo("PROSPECT");
        assertThat(account.body().get("version").asLong()).isEqualTo(1);
    }
}
