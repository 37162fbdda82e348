package dev.salescrm.systemtest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.cycle.CrmApi.Reply;
import dev.salescrm.launcher.cycle.SalesCycle;
import dev.salescrm.launcher.cycle.SalesCycle.Money;
import dev.salescrm.launcher.cycle.SampleData;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 2, a small-market (B2C) sale with no lead at all: a sales manager records the customer and opens
 * the opportunity directly — opportunity-service must first learn of the new account from account-service's
 * events — quotes it in euros (a catalog line and a write-in), the customer accepts, and the order is
 * fulfilled, invoiced and paid at once.
 */
@ExtendWith(RunningSuite.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SmallMarketSaleTest {

    @Test
    void aCustomerWithoutALeadIsQuotedInEurosAndPays(Suite suite) {
        CrmClient crm = new CrmClient(suite);
        SalesCycle cycle = crm.cycle();
        SampleData data = SampleData.tehran(SampleData.newTag());
        SalesCycle.Catalog catalog = cycle.catalog(data);

        String accountId = cycle.step("maryam records the customer, a private person", () -> crm.post("maryam",
                "/api/accounts", Map.of("name", "Sara Ahmadi " + data.tag(), "email", "sara." + data.tag() + "@example.com"))
                .expect(201).id());
        String opportunityId = cycle.openOpportunity("maryam", accountId, "Home-office CRM, 3 seats",
                Money.of("330.00", "EUR"));
        String quoteId = cycle.draftQuote("maryam", opportunityId, "Home office / دفتر خانگی",
                catalog.eurPriceListId(), LocalDate.now(ZoneOffset.UTC).plusDays(14));
        cycle.catalogLine("maryam", quoteId, catalog.seatProductId(), catalog.seatUnitId(), 3);
        cycle.writeInLine("maryam", quoteId, "Setup call / تماس راه‌اندازی", 1, Money.of("45.00", "EUR"));
        cycle.activate("maryam", quoteId);
        Reply accepted = cycle.accept("maryam", quoteId, true);
        String orderId = accepted.text("/orderId");
        // 3 × 95.00 + 45.00
        assertThat(new BigDecimal(accepted.text("/totals/totalAmount/amount"))).isEqualByComparingTo("330.00");
        assertThat(accepted.text("/totals/totalAmount/currency")).isEqualTo("EUR");

        Reply order = cycle.awaitOrder("bill", orderId);
        assertThat(order.text("/currency")).isEqualTo("EUR");
        assertThat(order.body().get("lines")).hasSize(2);
        assertThat(order.body().get("lines").get(1).get("description").asString()).isEqualTo("Setup call / تماس راه‌اندازی");
        cycle.submit("bill", orderId);
        cycle.fulfill("bill", orderId);
        String invoiceId = cycle.invoice("bill", orderId).id();
        Reply paid = cycle.pay("bill", invoiceId, Money.of("330.00", "EUR"), "CARD-" + data.tag());

        assertThat(paid.text("/status")).isEqualTo("PAID");
        assertThat(new BigDecimal(paid.text("/balance/amount"))).isEqualByComparingTo("0");
        Reply opportunity = crm.get("maryam", "/api/opportunities/" + opportunityId);
        assertThat(opportunity.text("/status")).isEqualTo("WON");
        assertThat(opportunity.text("/ownerId")).isEqualTo("maryam");
        assertThat(opportunity.text("/sourceLeadId")).as("no lead on the way").isNull();
        cycle.awaitCustomer("maryam", accountId);
        Reply timeline = cycle.awaitTimeline("maryam", accountId, "INVOICE_PAID");
        assertThat(SalesCycle.kinds(timeline)).containsSubsequence("INVOICE_PAID", "INVOICE_ISSUED", "ORDER_PLACED",
                "OPPORTUNITY_WON", "OPPORTUNITY_CREATED", "ACCOUNT_CREATED");
    }
}
