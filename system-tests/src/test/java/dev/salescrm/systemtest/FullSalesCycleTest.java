package dev.salescrm.systemtest;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.cycle.CrmApi.Reply;
import dev.salescrm.launcher.cycle.SalesCycle;
import dev.salescrm.launcher.cycle.SalesCycle.FullCycle;
import dev.salescrm.launcher.cycle.SampleData;

import static dev.salescrm.systemtest.EventStories.first;
import static dev.salescrm.systemtest.EventStories.types;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 1, the whole B2B cycle through the gateway with real tokens — the one {@code ./crm demo} runs
 * ({@link SalesCycle#fullCycle}): a trade-show visitor's campaign response becomes a lead, is worked and
 * qualified, the opportunity is quoted from the catalog, the quote revised and accepted, the deal won, the
 * order fulfilled, invoiced and paid in two payments. Then every place that keeps part of the story must tell
 * it the same way: the records themselves, the account's timeline, the campaign's funnel, and every event on
 * every topic, in order per key, as a downstream consumer reads them.
 */
@ExtendWith(RunningSuite.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class FullSalesCycleTest {

    private static final Duration TOPIC_BOUND = Duration.ofSeconds(90);

    @Test
    void aTradeShowVisitorBecomesAPayingCustomerAndEveryServiceTellsTheSameStory(Suite suite) {
        CrmClient crm = new CrmClient(suite);
        SalesCycle cycle = crm.cycle();
        SampleData data = SampleData.tehran(SampleData.newTag());

        FullCycle done = cycle.fullCycle(data);

        BigDecimal total = new BigDecimal("16775000000.00"); // 300 × 48,000,000 + 250 × 9,500,000 rials
        assertThat(data.expectedTotal()).isEqualByComparingTo(total);
        assertThat(done.total().amount()).isEqualByComparingTo(total);
        assertThat(done.total().currency()).isEqualTo("IRR");
        recordsTellTheCycle(crm, done, total);
        theTimelineTellsIt(cycle, done);
        theFunnelCountsIt(cycle, done, total);
        theTopicsTellIt(suite.config().kafkaBootstrap(), done, total);
    }

    /** What the people who work the records see at the end. */
    private static void recordsTellTheCycle(CrmClient crm, FullCycle done, BigDecimal total) {
        Reply response = crm.get("mona", "/api/campaign-responses/" + done.responseId());
        assertThat(response.text("/status")).isEqualTo("CLOSED");
        assertThat(response.text("/conversion/action")).isEqualTo("NEW_LEAD");
        assertThat(response.text("/conversion/leadId")).isEqualTo(done.leadId());

        Reply lead = crm.get("alice", "/api/leads/" + done.leadId());
        assertThat(lead.text("/status")).isEqualTo("QUALIFIED");
        assertThat(lead.text("/ownerId")).isEqualTo("alice");
        assertThat(lead.text("/campaignId")).isEqualTo(done.campaignId());
        assertThat(lead.text("/conversion/status")).isEqualTo("COMPLETED");
        Reply activities = crm.get("alice", "/api/leads/" + done.leadId() + "/activities");
        assertThat(activities.body().get("items")).hasSize(2)
                .allSatisfy(activity -> assertThat(activity.path("completedAt").isNull()).isFalse());

        Reply contact = crm.get("alice", "/api/contacts/" + done.conversion().contactId());
        assertThat(contact.text("/accountId")).isEqualTo(done.accountId());
        assertThat(contact.text("/firstName")).isEqualTo("علی");
        Reply account = crm.get("alice", "/api/accounts/" + done.accountId());
        assertThat(account.text("/name")).isEqualTo(done.data().companyName());
        assertThat(account.text("/relationshipType")).isEqualTo("CUSTOMER");
        assertThat(account.text("/sourceLeadId")).isEqualTo(done.leadId());

        Reply opportunity = crm.get("alice", "/api/opportunities/" + done.opportunityId());
        assertThat(opportunity.text("/status")).isEqualTo("WON");
        assertThat(opportunity.text("/stage")).isEqualTo("PROPOSE");
        assertThat(opportunity.body().get("probability").asInt()).isEqualTo(100);
        assertThat(opportunity.text("/sourceLeadId")).isEqualTo(done.leadId());
        assertThat(crm.count("opportunity-service", "SELECT count(*) FROM opportunity_close WHERE opportunity_id = ?"
                        + " AND outcome = 'WON' AND actual_revenue_amount = ? AND actual_revenue_currency = 'IRR'",
                UUID.fromString(done.opportunityId()), total)).isEqualTo(1);

        Reply first = crm.get("alice", "/api/quotes/" + done.firstQuoteId());
        assertThat(first.text("/status")).isEqualTo("CLOSED");
        assertThat(first.text("/statusReason")).isEqualTo("REVISED");
        assertThat(first.body().get("revision").asInt()).isZero();
        Reply quote = crm.get("alice", "/api/quotes/" + done.quoteId());
        assertThat(quote.text("/status")).isEqualTo("WON");
        assertThat(quote.body().get("revision").asInt()).isEqualTo(1);
        assertThat(quote.text("/revisedFromId")).isEqualTo(done.firstQuoteId());
        assertThat(quote.text("/orderId")).isEqualTo(done.orderId());
        assertThat(new BigDecimal(quote.text("/totals/totalAmount/amount"))).isEqualByComparingTo(total);

        Reply order = crm.get("bill", "/api/orders/" + done.orderId());
        assertThat(order.text("/status")).isEqualTo("INVOICED");
        assertThat(order.text("/quoteId")).isEqualTo(done.quoteId());
        assertThat(order.text("/accountId")).isEqualTo(done.accountId());
        assertThat(order.text("/ownerId")).isEqualTo("alice");
        assertThat(order.body().get("lines")).hasSize(2);
        JsonNode seatLine = order.body().get("lines").get(0);
        assertThat(seatLine.get("productId").asString()).isEqualTo(done.catalog().seatProductId());
        assertThat(seatLine.get("quantity").asString()).isEqualTo("300");
        assertThat(new BigDecimal(seatLine.at("/extendedAmount/amount").asString())).isEqualByComparingTo("14400000000");
        assertThat(new BigDecimal(order.text("/totals/totalAmount/amount"))).isEqualByComparingTo(total);

        Reply invoice = crm.get("bill", "/api/invoices/" + done.invoiceId());
        assertThat(invoice.text("/status")).isEqualTo("PAID");
        assertThat(invoice.text("/number")).isEqualTo(done.invoiceNumber()).matches("INV-\\d{4}-\\d{6}");
        assertThat(invoice.text("/orderId")).isEqualTo(done.orderId());
        assertThat(new BigDecimal(invoice.text("/amountPaid/amount"))).isEqualByComparingTo(total);
        assertThat(new BigDecimal(invoice.text("/balance/amount"))).isEqualByComparingTo("0");
        assertThat(invoice.body().get("payments")).hasSize(2);
        assertThat(new BigDecimal(invoice.body().get("payments").get(0).at("/amount/amount").asString()))
                .isEqualByComparingTo(done.data().firstPayment());
        // alice owns the deal, so she reads its invoice too.
        assertThat(crm.get("alice", "/api/invoices/" + done.invoiceId()).status()).isEqualTo(200);
    }

    /** The account's timeline: from the lead to the paid invoice, newest first. */
    private static void theTimelineTellsIt(SalesCycle cycle, FullCycle done) {
        Reply timeline = cycle.awaitTimeline("alice", done.accountId(), "INVOICE_PAID");
        List<String> milestones = List.of("INVOICE_PAID", "INVOICE_ISSUED", "ORDER_PLACED", "OPPORTUNITY_WON", "ACCOUNT_CREATED");
        assertThat(SalesCycle.kinds(timeline).stream().filter(milestones::contains).toList())
                .as("the milestones, newest first").containsExactlyElementsOf(milestones);
        assertThat(SalesCycle.kinds(timeline)).contains("CONTACT_CREATED", "OPPORTUNITY_CREATED");
        assertThat(entry(timeline, "ACCOUNT_CREATED").at("/details/sourceLeadId").asString()).isEqualTo(done.leadId());
        assertThat(entry(timeline, "OPPORTUNITY_WON").at("/refs/opportunityId").asString()).isEqualTo(done.opportunityId());
        assertThat(entry(timeline, "ORDER_PLACED").at("/refs/orderId").asString()).isEqualTo(done.orderId());
        assertThat(entry(timeline, "INVOICE_ISSUED").at("/refs/invoiceId").asString()).isEqualTo(done.invoiceId());
        assertThat(entry(timeline, "INVOICE_PAID").at("/refs/invoiceId").asString()).isEqualTo(done.invoiceId());
        assertThat(entry(timeline, "INVOICE_PAID").get("summary").asString()).contains(done.invoiceNumber());
    }

    private static JsonNode entry(Reply timeline, String kind) {
        for (JsonNode entry : timeline.body().get("items")) {
            if (kind.equals(entry.get("kind").asString())) {
                return entry;
            }
        }
        throw new AssertionError("no " + kind + " on the timeline");
    }

    /** The campaign's funnel: one response, one lead, qualified, one opportunity, won with the deal's revenue. */
    private static void theFunnelCountsIt(SalesCycle cycle, FullCycle done, BigDecimal total) {
        JsonNode funnel = cycle.awaitFunnel("mona", done.campaignId(), 1).body();
        assertThat(funnel.get("responses").asLong()).isEqualTo(1);
        assertThat(funnel.get("convertedToLeads").asLong()).isEqualTo(1);
        assertThat(funnel.get("open").asLong()).isZero();
        assertThat(funnel.get("leads").asLong()).isEqualTo(1);
        assertThat(funnel.get("qualifiedLeads").asLong()).isEqualTo(1);
        assertThat(funnel.get("opportunities").asLong()).isEqualTo(1);
        assertThat(funnel.get("wonOpportunities").asLong()).isEqualTo(1);
        assertThat(funnel.get("wonRevenue")).hasSize(1);
        assertThat(new BigDecimal(funnel.at("/wonRevenue/0/amount").asString())).isEqualByComparingTo(total);
        assertThat(funnel.at("/wonRevenue/0/currency").asString()).isEqualTo("IRR");
    }

    /** Every event of the cycle, on every topic, in order per key — what an analytics consumer reads. */
    private static void theTopicsTellIt(String bootstrap, FullCycle done, BigDecimal total) {
        Map<String, List<String>> leadEvents = Map.of(done.leadId(), List.of(
                "crm.lead.created.v1", "crm.lead.updated.v1", "crm.lead.qualified.v1", "crm.lead.conversion-completed.v1"));
        var leads = read(bootstrap, "crm.lead.events.v1", leadEvents);
        assertThat(types(leads.get(done.leadId()))).as("the lead's events").isEqualTo(leadEvents.get(done.leadId()));
        assertThat(first(leads.get(done.leadId()), "crm.lead.created.v1").text("/campaignId")).isEqualTo(done.campaignId());
        assertThat(first(leads.get(done.leadId()), "crm.lead.qualified.v1").text("/opportunity/opportunityId"))
                .isEqualTo(done.opportunityId());

        Map<String, List<String>> campaignEvents = Map.of(done.campaignId(), List.of(
                "crm.campaign.created.v1", "crm.campaign-response.received.v1", "crm.campaign-response.converted.v1"));
        var campaign = read(bootstrap, "crm.campaign.events.v1", campaignEvents);
        assertThat(types(campaign.get(done.campaignId()))).as("the campaign's events")
                .isEqualTo(campaignEvents.get(done.campaignId()));
        var converted = first(campaign.get(done.campaignId()), "crm.campaign-response.converted.v1");
        assertThat(converted.text("/action")).isEqualTo("NEW_LEAD");
        assertThat(converted.text("/leadId")).isEqualTo(done.leadId());

        Map<String, List<String>> accountEvents = Map.of(
                done.accountId(), List.of("crm.account.created.v1", "crm.contact.created.v1", "crm.account.updated.v1",
                        "crm.account.relationship-changed.v1"),
                done.leadId(), List.of("crm.lead.conversion-accepted.v1"));
        var accounts = read(bootstrap, "crm.account.events.v1", accountEvents);
        assertThat(types(accounts.get(done.accountId()))).as("the account's events").isEqualTo(accountEvents.get(done.accountId()));
        assertThat(types(accounts.get(done.leadId()))).as("account-service's reply to the qualification, keyed by the lead")
                .isEqualTo(accountEvents.get(done.leadId()));
        assertThat(first(accounts.get(done.accountId()), "crm.account.created.v1").text("/sourceLeadId")).isEqualTo(done.leadId());
        var promoted = first(accounts.get(done.accountId()), "crm.account.relationship-changed.v1");
        assertThat(promoted.text("/previousRelationshipType")).isEqualTo("PROSPECT");
        assertThat(promoted.text("/relationshipType")).isEqualTo("CUSTOMER");
        assertThat(promoted.text("/causeOpportunityId")).isEqualTo(done.opportunityId());

        List<String> opportunityStory = List.of("crm.opportunity.created.v1",
                "crm.opportunity.stage-changed.v1", "crm.opportunity.stage-changed.v1",
                "crm.quote.activated.v1", "crm.quote.closed.v1", "crm.quote.activated.v1",
                "crm.quote.accepted.v1", "crm.opportunity.won.v1");
        var opportunities = read(bootstrap, "crm.opportunity.events.v1", Map.of(done.opportunityId(), opportunityStory));
        var opportunity = opportunities.get(done.opportunityId());
        assertThat(types(opportunity)).as("the opportunity's events, its quotes' included").isEqualTo(opportunityStory);
        assertThat(first(opportunity, "crm.opportunity.created.v1").text("/sourceLeadId")).isEqualTo(done.leadId());
        assertThat(opportunity.get(1).text("/stage")).isEqualTo("DEVELOP");
        assertThat(opportunity.get(2).text("/stage")).isEqualTo("PROPOSE");
        assertThat(opportunity.get(3).text("/quoteId")).isEqualTo(done.firstQuoteId());
        assertThat(opportunity.get(4).text("/quoteId")).isEqualTo(done.firstQuoteId());
        assertThat(opportunity.get(4).text("/reason")).isEqualTo("REVISED");
        assertThat(opportunity.get(5).text("/quoteId")).isEqualTo(done.quoteId());
        assertThat(opportunity.get(6).text("/quoteId")).isEqualTo(done.quoteId());
        assertThat(opportunity.get(6).text("/orderId")).isEqualTo(done.orderId());
        assertThat(new BigDecimal(opportunity.get(7).text("/actualRevenue/amount"))).isEqualByComparingTo(total);

        List<String> orderStory = List.of("crm.order.created.v1", "crm.order.submitted.v1", "crm.order.fulfilled.v1",
                "crm.invoice.issued.v1", "crm.invoice.paid.v1");
        var billing = read(bootstrap, "crm.billing.events.v1", Map.of(done.orderId(), orderStory));
        var order = billing.get(done.orderId());
        assertThat(types(order)).as("the order's events, its invoice's included").isEqualTo(orderStory);
        assertThat(first(order, "crm.order.created.v1").text("/quoteId")).isEqualTo(done.quoteId());
        assertThat(first(order, "crm.invoice.issued.v1").text("/invoiceId")).isEqualTo(done.invoiceId());
        var paid = first(order, "crm.invoice.paid.v1");
        assertThat(paid.text("/number")).isEqualTo(done.invoiceNumber());
        assertThat(new BigDecimal(paid.text("/amountPaid/amount"))).isEqualByComparingTo(total);
    }

    private static Map<String, List<EventStories.Event>> read(String bootstrap, String topic, Map<String, List<String>> expected) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        expected.forEach((key, types) -> counts.put(key, types.size()));
        return EventStories.read(bootstrap, topic, counts, TOPIC_BOUND);
    }
}
