package dev.salescrm.systemtest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.cycle.CrmApi.Reply;
import dev.salescrm.launcher.cycle.SalesCycle;
import dev.salescrm.launcher.cycle.SalesCycle.Money;
import dev.salescrm.launcher.cycle.SampleData;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 5, who sees what, through the gateway with real tokens (each service's own tests walk the whole
 * role × endpoint matrix; this checks the rules hold end to end on records made by a real cycle):
 * marketing works leads and campaigns and is refused every customer record; a sales rep does not see another
 * rep's lead, opportunity, quote, order or invoice, nor their pipeline.
 */
@ExtendWith(RunningSuite.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class RoleIsolationTest {

    @Test
    void marketingWorksLeadsButNoCustomerRecordAndOneRepDoesNotSeeAnothersDeals(Suite suite) {
        CrmClient crm = new CrmClient(suite);
        SalesCycle cycle = crm.cycle();
        String tag = SampleData.newTag();
        long bobsPipelineBefore = pipelineCount(crm, "bob", "");
        long alicesPipelineBefore = pipelineCount(crm, "alice", "");

        // alice's deal: a lead qualified into an account, a contact and an opportunity, quoted and accepted.
        String leadId = crm.post("alice", "/api/leads", Map.of("firstName", "Parisa", "lastName", "Jafari",
                "companyName", "Isolation Co " + tag)).expect(201).id();
        SalesCycle.Conversion conversion = cycle.qualify("alice", leadId, "Isolation deal " + tag,
                Money.of("500000000", "IRR"), LocalDate.now(ZoneOffset.UTC).plusMonths(1));
        assertThat(pipelineCount(crm, "alice", "")).as("alice's pipeline counts her new opportunity")
                .isEqualTo(alicesPipelineBefore + 1);
        String quoteId = cycle.draftQuote("alice", conversion.opportunityId(), "Isolation quote",
                java.util.UUID.randomUUID().toString(), LocalDate.now(ZoneOffset.UTC).plusMonths(1));
        cycle.writeInLine("alice", quoteId, "Licences", 10, Money.of("50000000", "IRR"));
        cycle.activate("alice", quoteId);
        String orderId = cycle.accept("alice", quoteId, false).text("/orderId");
        cycle.awaitOrder("bill", orderId);

        // mona (marketing): leads and campaigns yes ...
        assertThat(crm.get("mona", "/api/leads/" + leadId).status()).isEqualTo(200);
        assertThat(crm.get("mona", "/api/leads?limit=5").status()).isEqualTo(200);
        assertThat(crm.get("mona", "/api/campaigns?limit=5").status()).isEqualTo(200);
        assertThat(crm.post("mona", "/api/campaigns", Map.of("name", "Newsletter " + tag, "code", "NEWS-" + tag,
                "channel", "EMAIL", "startsOn", LocalDate.now(ZoneOffset.UTC).toString())).status()).isEqualTo(201);
        // ... and 403 on every customer record, the deal and its money.
        String accountId = conversion.accountId();
        String contactId = conversion.contactId();
        Map<String, Reply> refused = new LinkedHashMap<>();
        for (String path : List.of("/api/accounts", "/api/accounts/" + accountId, "/api/accounts/" + accountId + "/contacts",
                "/api/accounts/" + accountId + "/timeline", "/api/accounts/" + accountId + "/activities",
                "/api/contacts", "/api/contacts/" + contactId, "/api/contacts/" + contactId + "/timeline",
                "/api/opportunities", "/api/opportunities/" + conversion.opportunityId(), "/api/quotes/" + quoteId,
                "/api/pipeline", "/api/orders", "/api/orders/" + orderId, "/api/invoices")) {
            refused.put("GET " + path, crm.get("mona", path));
        }
        refused.put("POST /api/accounts", crm.post("mona", "/api/accounts", Map.of("name", "Not mine " + tag)));
        refused.put("PATCH /api/accounts/{id}", crm.patch("mona", "/api/accounts/" + accountId, Map.of("industry", "x")));
        refused.put("POST /api/contacts", crm.post("mona", "/api/contacts", Map.of("lastName", "Not mine")));
        refused.put("POST /api/opportunities", crm.post("mona", "/api/opportunities",
                Map.of("name", "Not mine", "accountId", accountId)));
        refused.forEach((call, reply) -> assertThat(reply.status()).as(call + " as mona: " + reply.describe()).isEqualTo(403));

        // bob (another sales rep): alice's lead, opportunity, quote, order are 404 to him, and never listed.
        assertThat(crm.get("bob", "/api/leads/" + leadId).status()).isEqualTo(404);
        assertThat(crm.get("bob", "/api/opportunities/" + conversion.opportunityId()).status()).isEqualTo(404);
        assertThat(crm.get("bob", "/api/quotes/" + quoteId).status()).isEqualTo(404);
        assertThat(crm.get("bob", "/api/orders/" + orderId).status()).isEqualTo(404);
        assertThat(ids(crm.get("bob", "/api/opportunities?limit=200"))).doesNotContain(conversion.opportunityId());
        assertThat(ids(crm.get("bob", "/api/opportunities?ownerId=alice&limit=200"))).doesNotContain(conversion.opportunityId());
        assertThat(ids(crm.get("bob", "/api/opportunities?accountId=" + accountId))).isEmpty();
        assertThat(ids(crm.get("bob", "/api/orders?limit=200"))).doesNotContain(orderId);
        assertThat(ids(crm.get("bob", "/api/leads?limit=200"))).doesNotContain(leadId);
        // ... nor her pipeline: asking for it is refused, and his own does not count her deal.
        assertThat(crm.get("bob", "/api/pipeline?ownerId=alice").status()).isEqualTo(403);
        assertThat(pipelineCount(crm, "bob", "")).isEqualTo(bobsPipelineBefore);
        // Accounts and contacts are the shared customer database: a rep reads them all, but writes only his own.
        assertThat(crm.get("bob", "/api/accounts/" + accountId).status()).isEqualTo(200);
        assertThat(crm.patch("bob", "/api/accounts/" + accountId, Map.of("industry", "Retail")).status()).isEqualTo(403);
        // The manager sees everything.
        assertThat(crm.get("maryam", "/api/opportunities/" + conversion.opportunityId()).status()).isEqualTo(200);
        assertThat(pipelineCount(crm, "maryam", "?ownerId=alice")).isGreaterThanOrEqualTo(1);
    }

    /** Open opportunities over all stages of a pipeline. */
    private static long pipelineCount(CrmClient crm, String user, String query) {
        Reply pipeline = crm.get(user, "/api/pipeline" + query).expect(200);
        long count = 0;
        for (JsonNode stage : pipeline.body().get("stages")) {
            count += stage.get("count").asLong();
        }
        return count;
    }

    private static List<String> ids(Reply list) {
        assertThat(list.status()).as(list.describe()).isEqualTo(200);
        List<String> ids = new java.util.ArrayList<>();
        list.body().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }
}
