package dev.salescrm.systemtest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.cycle.CrmApi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Campaign responses across real services, through the gateway: marketing records a trade-show
 * follow-up form with three people and converts each one differently — a new lead, a new
 * opportunity for an existing customer (opened by opportunity-service), a follow-up linked to an
 * existing contact (recorded by account-service on the contact's timeline) — and the campaign
 * funnel counts the opportunity once opportunity-service has announced it.
 */
@ExtendWith(RunningSuite.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CampaignTest {

    private CrmClient crm;

    @BeforeEach
    void connect(Suite suite) {
        crm = new CrmClient(suite);
    }

    @Test
    void aFollowUpFormBecomesALeadAnOpportunityAndAContactActivityAndTheFunnelCountsThem() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        var account = crm.post("maryam", "/api/accounts", Map.of("name", "مشتری نمایشگاه " + tag, "ownerId", "alice"));
        assertThat(account.status()).as(account.raw().body()).isEqualTo(201);
        String accountId = account.text("/id");
        var contact = crm.post("maryam", "/api/contacts", Map.of("firstName", "Leila", "lastName", "Ahmadi " + tag,
                "accountId", accountId, "ownerId", "alice"));
        assertThat(contact.status()).as(contact.raw().body()).isEqualTo(201);
        String contactId = contact.text("/id");

        var campaign = crm.post("mona", "/api/campaigns", Map.of("name", "نمایشگاه الکامپ " + tag, "code", "ELECOMP-" + tag,
                "channel", "TRADE_SHOW", "startsOn", "2026-11-01", "endsOn", "2026-12-31",
                "budget", Map.of("amount", "2500000000", "currency", "IRR")));
        assertThat(campaign.status()).as(campaign.raw().body()).isEqualTo(201);
        String campaignId = campaign.text("/id");
        var form = crm.post("mona", "/api/campaigns/" + campaignId + "/responses", List.of(
                Map.of("firstName", "Omid", "lastName", "Tavakoli", "companyName", "New Prospect " + tag,
                        "email", "omid." + tag + "@example.com", "channel", "TRADE_SHOW", "receivedAt", "2026-11-20T08:00:00Z"),
                Map.of("firstName", "Leila", "lastName", "Ahmadi", "companyName", "مشتری نمایشگاه " + tag,
                        "channel", "TRADE_SHOW", "receivedAt", "2026-11-20T09:00:00Z", "note", "wants 40 more seats"),
                Map.of("firstName", "Leila", "lastName", "Ahmadi", "channel", "PHONE",
                        "receivedAt", "2026-11-21T10:00:00Z", "note", "called back")));
        assertThat(form.status()).as(form.raw().body()).isEqualTo(201);
        var responses = form.body().get("items");
        assertThat(responses).hasSize(3);

        var lead = crm.post("mona", "/api/campaign-responses/" + responses.get(0).get("id").asString() + "/convert",
                Map.of("action", "NEW_LEAD"));
        assertThat(lead.status()).as(lead.raw().body()).isEqualTo(200);
        var opportunity = crm.post("maryam", "/api/campaign-responses/" + responses.get(1).get("id").asString() + "/convert",
                Map.of("action", "NEW_OPPORTUNITY", "accountId", accountId, "name", "40 more seats " + tag, "ownerId", "alice"));
        assertThat(opportunity.status()).as(opportunity.raw().body()).isEqualTo(200);
        String opportunityId = opportunity.text("/conversion/opportunityId");
        var linked = crm.post("mona", "/api/campaign-responses/" + responses.get(2).get("id").asString() + "/convert",
                Map.of("action", "LINK_EXISTING", "contactId", contactId));
        assertThat(linked.status()).as(linked.raw().body()).isEqualTo(200);
        // Converting again is an illegal transition.
        assertThat(crm.post("mona", "/api/campaign-responses/" + responses.get(2).get("id").asString() + "/convert",
                Map.of("action", "CLOSE", "reason", "again")).status()).isEqualTo(409);

        // opportunity-service opens the announced opportunity for alice, with its source.
        var opened = new CrmApi.Reply[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            opened[0] = crm.get("alice", "/api/opportunities/" + opportunityId);
            return opened[0].status() == 200;
        });
        assertThat(opened[0].text("/accountId")).isEqualTo(accountId);
        assertThat(opened[0].text("/sourceCampaignResponseId")).isEqualTo(responses.get(1).get("id").asString());

        // account-service records the linked follow-up on the contact, and it shows on the timeline.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            var timeline = crm.get("alice", "/api/contacts/" + contactId + "/timeline");
            return timeline.status() == 200 && timeline.body().get("items").toString().contains("CAMPAIGN_RESPONSE");
        });

        // The funnel: three responses, one new lead, one opportunity (counted once announced).
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                crm.get("mona", "/api/campaigns/" + campaignId + "/funnel").body().path("opportunities").asLong() == 1);
        var funnel = crm.get("mona", "/api/campaigns/" + campaignId + "/funnel");
        assertThat(funnel.body().get("responses").asLong()).isEqualTo(3);
        assertThat(funnel.body().get("convertedToLeads").asLong()).isEqualTo(1);
        assertThat(funnel.body().get("convertedToOpportunities").asLong()).isEqualTo(1);
        assertThat(funnel.body().get("linked").asLong()).isEqualTo(1);
        assertThat(funnel.body().get("leads").asLong()).isEqualTo(1);
        assertThat(funnel.body().get("wonOpportunities").asLong()).isZero();
    }
}
