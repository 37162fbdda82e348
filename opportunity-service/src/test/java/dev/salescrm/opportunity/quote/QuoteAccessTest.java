package dev.salescrm.opportunity.quote;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TestTokens;

import static dev.salescrm.opportunity.quote.QuoteFixture.id;
import static dev.salescrm.opportunity.quote.QuoteFixture.writeIn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quotes follow their opportunity (ARCHITECTURE.md, "Security model"): a sales rep works the quotes
 * of their own opportunities only — another rep's quote does not exist for them, whatever they try —
 * managers and admins work all, billing and analytics read them, marketing and catalog admins may not.
 */
@ServiceTest
class QuoteAccessTest {

    static final String ALICE = TestTokens.bearer("alice", "SALES_REP");
    static final String BOB = TestTokens.bearer("bob", "SALES_REP");
    static final String MARYAM = TestTokens.bearer("maryam", "SALES_MANAGER");
    static final String BILL = TestTokens.bearer("bill", "BILLING");
    static final String ANNA = TestTokens.bearer("analytics", "ANALYTICS");
    static final String MONA = TestTokens.bearer("mona", "MARKETING");
    static final String CATHY = TestTokens.bearer("cathy", "CATALOG_ADMIN");

    @Autowired ApplicationContext context;

    @Test
    void aRepSeesAndWorksOnlyTheQuotesOfTheirOwnOpportunities() {
        QuoteFixture f = new QuoteFixture(context);
        UUID alices = f.opportunity("alice", "EUR");
        UUID unassigned = f.opportunity(null, "EUR");
        UUID list = Ids.newId();
        JsonNode quote = f.addLine(ALICE, f.quote(ALICE, alices, list, "Alice's offer"), writeIn("Day", "1", "800.00", "EUR"));
        String path = "/api/quotes/" + id(quote);
        String line = path + "/lines/" + quote.at("/lines/0/id").asString();
        String quotes = "/api/opportunities/" + alices + "/quotes";

        // Bob: not found, for every way in, and nothing changes.
        List<Object[]> attempts = List.of(
                new Object[] {HttpMethod.GET, path, null},
                new Object[] {HttpMethod.GET, line, null},
                new Object[] {HttpMethod.GET, quotes, null},
                new Object[] {HttpMethod.POST, quotes, Map.of("name", "Bob's", "priceListId", list.toString(),
                        "validUntil", QuoteFixture.NEXT_YEAR)},
                new Object[] {HttpMethod.PATCH, path, Map.of("name", "Bob was here")},
                new Object[] {HttpMethod.POST, path + "/lines", writeIn("Bob's line", "1", "1.00", "EUR")},
                new Object[] {HttpMethod.PATCH, line, Map.of("quantity", "5")},
                new Object[] {HttpMethod.DELETE, line, null},
                new Object[] {HttpMethod.POST, path + "/activate", null},
                new Object[] {HttpMethod.POST, path + "/revise", null},
                new Object[] {HttpMethod.POST, path + "/accept", Map.of("closeOpportunity", true)},
                new Object[] {HttpMethod.POST, path + "/close", Map.of("reason", "CANCELED")});
        for (Object[] attempt : attempts) {
            f.call((HttpMethod) attempt[0], BOB, (String) attempt[1], attempt[2], null)
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:not-found");
        }
        assertThat(f.get(ALICE, quote)).isEqualTo(quote);
        assertThat(f.count("SELECT count(*) FROM quote WHERE opportunity_id = :id", alices)).isEqualTo(1);

        // Nor may a rep quote an opportunity nobody owns.
        f.post(ALICE, "/api/opportunities/" + unassigned + "/quotes", Map.of("name", "Mine now?", "priceListId",
                list.toString(), "validUntil", QuoteFixture.NEXT_YEAR)).expectStatus().isNotFound();

        // A manager works every quote; billing and analytics read them; marketing and catalog admins may not.
        f.get(MARYAM, quote);
        f.body(f.call(HttpMethod.POST, MARYAM, path + "/lines", writeIn("Manager's line", "1", "1.00", "EUR"), null), 201);
        f.quote(MARYAM, unassigned, list, "Manager's offer");
        for (String reader : List.of(BILL, ANNA)) {
            assertThat(f.get(reader, quote).get("lines")).hasSize(2);
            assertThat(f.body(f.call(HttpMethod.GET, reader, quotes, null, null), 200).get("items")).hasSize(1);
            f.call(HttpMethod.GET, reader, line, null, null).expectStatus().isOk();
            f.call(HttpMethod.POST, reader, path + "/accept", Map.of(), null).expectStatus().isForbidden();
            f.call(HttpMethod.PATCH, reader, path, Map.of("name", "x"), null).expectStatus().isForbidden();
        }
        // Billing reads quotes, not the opportunities themselves.
        f.call(HttpMethod.GET, BILL, "/api/opportunities/" + alices, null, null).expectStatus().isForbidden();
        for (String outsider : List.of(MONA, CATHY)) {
            f.call(HttpMethod.GET, outsider, path, null, null).expectStatus().isForbidden();
            f.call(HttpMethod.GET, outsider, quotes, null, null).expectStatus().isForbidden();
        }
        assertThat(f.get(ALICE, quote).get("lines")).hasSize(2);
    }
}
