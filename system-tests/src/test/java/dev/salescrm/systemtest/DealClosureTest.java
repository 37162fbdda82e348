package dev.salescrm.systemtest;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
import dev.salescrm.launcher.cycle.SalesCycle;
import dev.salescrm.launcher.cycle.SalesCycle.Money;
import dev.salescrm.launcher.cycle.SampleData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing deals across real services, through the gateway: a quote priced from the catalog and
 * accepted becomes a won opportunity, a customer account and an order in billing-service; a won
 * opportunity makes its account a customer; a deal lost to a competitor closes its open quotes and
 * leaves the account a prospect. The steps are the launcher's {@link SalesCycle}, which
 * {@code ./crm demo} runs too.
 */
@ExtendWith(RunningSuite.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DealClosureTest {

    private CrmClient crm;
    private SalesCycle cycle;

    @BeforeEach
    void connect(Suite suite) {
        crm = new CrmClient(suite);
        cycle = crm.cycle();
    }

    /** A qualified lead with a new account, contact and opportunity (alice's); waits until the conversion completes. */
    private SalesCycle.Conversion qualifiedLead(String company) {
        var lead = crm.post("alice", "/api/leads", Map.of("firstName", "Nima", "lastName", "Rahimi", "companyName", company));
        assertThat(lead.status()).as(lead.raw().body()).isEqualTo(201);
        return cycle.qualify("alice", lead.text("/id"), "Deal with " + company, Money.of("990000000", "IRR"),
                LocalDate.now(ZoneOffset.UTC).plusMonths(2));
    }

    @Test
    void anAcceptedQuoteWinsTheDealMakesACustomerAndBecomesAnOrder() {
        String tag = SampleData.newTag();
        SalesCycle.Catalog catalog = cycle.catalog(SampleData.tehran(tag));
        String listId = catalog.irrPriceListId();
        var conversion = qualifiedLead("شرکت پیشنهاد " + tag);
        String accountId = conversion.accountId();
        String opportunityId = conversion.opportunityId();

        var quote = crm.post("alice", "/api/opportunities/" + opportunityId + "/quotes",
                Map.of("name", "پیشنهاد استقرار " + tag, "priceListId", listId, "validUntil", "2027-06-30"));
        assertThat(quote.status()).as(quote.raw().body()).isEqualTo(201);
        String quoteId = quote.text("/id");
        cycle.catalogLine("alice", quoteId, catalog.seatProductId(), catalog.seatUnitId(), "250");
        cycle.catalogLine("alice", quoteId, catalog.supportProductId(), catalog.seatUnitId(), "250");
        var priced = crm.get("alice", "/api/quotes/" + quoteId);
        // 250 × 48,000,000 + 250 × 9,500,000 = 14,375,000,000 rials, exactly.
        assertThat(new BigDecimal(priced.text("/totals/totalAmount/amount"))).isEqualByComparingTo("14375000000");
        assertThat(priced.text("/totals/totalAmount/currency")).isEqualTo("IRR");

        var active = crm.post("alice", "/api/quotes/" + quoteId + "/activate", Map.of());
        assertThat(active.status()).as(active.raw().body()).isEqualTo(200);
        var accepted = crm.post("alice", "/api/quotes/" + quoteId + "/accept", Map.of("closeOpportunity", true));
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(200);
        assertThat(accepted.text("/status")).isEqualTo("WON");
        String orderId = accepted.text("/orderId");
        assertThat(orderId).isNotBlank();
        // Accepting twice is an illegal transition, and allocates no second order.
        assertThat(crm.post("alice", "/api/quotes/" + quoteId + "/accept", Map.of("closeOpportunity", true)).status())
                .isEqualTo(409);

        var opportunity = crm.get("alice", "/api/opportunities/" + opportunityId);
        assertThat(opportunity.text("/status")).isEqualTo("WON");
        // Won with the quote total as actual revenue, recorded on the opportunity's close record.
        assertThat(crm.count("opportunity-service", "SELECT count(*) FROM opportunity_close WHERE opportunity_id = ?"
                + " AND outcome = 'WON' AND actual_revenue_amount = 14375000000 AND actual_revenue_currency = 'IRR'",
                UUID.fromString(opportunityId))).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                "CUSTOMER".equals(crm.get("alice", "/api/accounts/" + accountId).text("/relationshipType")));

        var order = new CrmApi.Reply[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            order[0] = crm.get("bill", "/api/orders/" + orderId);
            return order[0].status() == 200;
        });
        assertThat(order[0].text("/quoteId")).isEqualTo(quoteId);
        assertThat(order[0].text("/accountId")).isEqualTo(accountId);
        assertThat(order[0].text("/status")).isEqualTo("ACTIVE");
        assertThat(order[0].body().get("lines")).hasSize(2);
        assertThat(order[0].text("/totals/totalAmount/amount")).isEqualTo(priced.text("/totals/totalAmount/amount"));
        for (int i = 0; i < 2; i++) {
            var quoted = priced.body().get("lines").get(i);
            var ordered = order[0].body().get("lines").get(i);
            assertThat(ordered.get("productId").asString()).isEqualTo(quoted.get("productId").asString());
            assertThat(ordered.get("quantity").asString()).isEqualTo(quoted.get("quantity").asString());
            assertThat(ordered.get("extendedAmount").get("amount").asString())
                    .isEqualTo(quoted.get("extendedAmount").get("amount").asString());
        }
        assertThat(crm.count("billing-service", "SELECT count(*) FROM sales_order WHERE quote_id = ?",
                UUID.fromString(quoteId))).isEqualTo(1);
    }

    @Test
    void winningTheOpportunityMakesTheProspectACustomer() {
        var conversion = qualifiedLead("شرکت برنده " + UUID.randomUUID().toString().substring(0, 6));
        String accountId = conversion.accountId();
        String opportunityId = conversion.opportunityId();
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

    /**
     * Scenario 3: a deal lost to a competitor while one quote is on the table (ACTIVE) and another is being
     * drafted: both quotes close with the opportunity, the loss is recorded with the competitor, and the account
     * stays a prospect. On the topic the loss comes first, then each quote's closing.
     */
    @Test
    void aDealLostToACompetitorClosesItsOpenQuotesAndLeavesTheAccountAProspect(Suite suite) {
        var conversion = qualifiedLead("Lost Deal Co " + UUID.randomUUID().toString().substring(0, 6));
        String accountId = conversion.accountId();
        String opportunityId = conversion.opportunityId();
        String offered = cycle.draftQuote("alice", opportunityId, "Offer A", UUID.randomUUID().toString(),
                LocalDate.now(ZoneOffset.UTC).plusMonths(1));
        cycle.writeInLine("alice", offered, "Licences, 100 seats", 100, Money.of("9000000", "IRR"));
        cycle.activate("alice", offered);
        String drafted = cycle.draftQuote("alice", opportunityId, "Offer B, cheaper", UUID.randomUUID().toString(),
                LocalDate.now(ZoneOffset.UTC).plusMonths(1));
        cycle.writeInLine("alice", drafted, "Licences, 100 seats, discounted", 100, Money.of("8000000", "IRR"));

        var lost = crm.post("alice", "/api/opportunities/" + opportunityId + "/lose",
                Map.of("reason", "OUT_SOLD", "competitor", "رقیب", "note", "price"));
        assertThat(lost.status()).as(lost.raw().body()).isEqualTo(200);
        assertThat(lost.text("/status")).isEqualTo("LOST");
        assertThat(lost.text("/statusReason")).isEqualTo("OUT_SOLD");
        assertThat(crm.count("opportunity-service",
                "SELECT count(*) FROM opportunity_close WHERE opportunity_id = ? AND competitor = 'رقیب'",
                UUID.fromString(opportunityId))).isEqualTo(1);
        for (String quoteId : List.of(offered, drafted)) {
            var quote = crm.get("alice", "/api/quotes/" + quoteId);
            assertThat(quote.text("/status")).as(quoteId).isEqualTo("CLOSED");
            assertThat(quote.text("/statusReason")).as(quoteId).isEqualTo("OPPORTUNITY_LOST");
        }
        // Neither can be worked on any more.
        assertThat(crm.post("alice", "/api/quotes/" + offered + "/accept", Map.of()).status()).isEqualTo(409);
        assertThat(crm.post("alice", "/api/quotes/" + drafted + "/activate", null).status()).isEqualTo(409);

        var story = EventStories.read(suite.config().kafkaBootstrap(), "crm.opportunity.events.v1",
                Map.of(opportunityId, 5), Duration.ofSeconds(90)).get(opportunityId);
        assertThat(EventStories.types(story)).containsExactly("crm.opportunity.created.v1", "crm.quote.activated.v1",
                "crm.opportunity.lost.v1", "crm.quote.closed.v1", "crm.quote.closed.v1");
        assertThat(story.get(2).text("/competitor")).isEqualTo("رقیب");
        assertThat(story.subList(3, 5)).extracting(e -> e.text("/quoteId")).containsExactlyInAnyOrder(offered, drafted);
        assertThat(story.subList(3, 5)).extracting(e -> e.text("/reason")).containsOnly("OPPORTUNITY_LOST");

        // The account-side consumer has seen the loss (it passes it over) and the account is unchanged.
        await().atMost(Duration.ofSeconds(60)).until(() -> crm.count("account-service",
                "SELECT count(*) FROM inbox WHERE consumer = 'account-service.opportunity-events' AND type = 'crm.opportunity.lost.v1'") > 0);
        var account = crm.get("alice", "/api/accounts/" + accountId);
        assertThat(account.text("/relationshipType")).isEqualTo("PROSPECT");
        assertThat(account.body().get("version").asLong()).isEqualTo(1);
    }
}
