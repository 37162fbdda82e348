package dev.salescrm.billing.order;

import static dev.salescrm.billing.order.AcceptedQuotes.simple;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.platform.security.AccessRules;
import dev.salescrm.platform.test.AuthorizationMatrix;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TestTokens;

/**
 * Who may touch orders and invoices (ARCHITECTURE.md, "orders & invoices"): the role matrix over
 * every endpoint the service maps — order reads, state changes and line edits, invoicing, invoice
 * reads, payments and cancellation — and a sales rep's view, which holds the orders of their own
 * deals and nothing else (invoices: {@code InvoiceAccessTest}).
 */
@ServiceTest
class OrderAccessTest {

    static final String ALICE = TestTokens.bearer("alice", "SALES_REP");
    static final String BOB = TestTokens.bearer("bob", "SALES_REP");
    static final String MARYAM = TestTokens.bearer("maryam", "SALES_MANAGER");
    static final String BILL = TestTokens.bearer("bill", "BILLING");
    static final String ANALYTICS = TestTokens.bearer("analytics", "ANALYTICS");
    static final String MONA = TestTokens.bearer("mona", "MARKETING");
    static final String CATHY = TestTokens.bearer("cathy", "CATALOG_ADMIN");
    /** A rep who also bills: the billing role sees every order. */
    static final String REP_WHO_BILLS = TestTokens.bearer("reza", "SALES_REP", "BILLING");

    @Autowired WebTestClient http;
    @Autowired ApplicationContext context;
    @Autowired AccessRules rules;
    @Autowired OrderPlacement placement;
    @Autowired JsonMapper json;

    @Test
    void everyEndpointFollowsTheAccessRules() {
        AuthorizationMatrix.verify(http, context, rules::roleNamesFor);
    }

    @Test
    void aRepSeesTheOrdersOfTheirOwnDealsOnly() {
        Map<String, Object> alices = simple("alice");
        Map<String, Object> bobs = simple("bob");
        bobs.put("accountId", alices.get("accountId")); // the same customer, another rep's deal
        AcceptedQuotes.place(placement, json, alices);
        AcceptedQuotes.place(placement, json, bobs);
        String alicesOrder = (String) alices.get("orderId");
        String bobsOrder = (String) bobs.get("orderId");

        get(ALICE, "/api/orders/" + alicesOrder).expectStatus().isOk().expectHeader().valueEquals("ETag", "\"1\"");
        // Another rep's order does not exist for Alice: 404, never 403, which would confirm it does.
        get(ALICE, "/api/orders/" + bobsOrder).expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:not-found");
        get(BOB, "/api/orders/" + bobsOrder).expectStatus().isOk();
        get(BOB, "/api/orders/" + alicesOrder).expectStatus().isNotFound();

        // Lists leave it out whatever the filter.
        String byAccount = "/api/orders?accountId=" + alices.get("accountId");
        assertThat(ids(ALICE, "/api/orders")).contains(alicesOrder).doesNotContain(bobsOrder);
        assertThat(ids(ALICE, byAccount)).containsExactly(alicesOrder);
        assertThat(ids(ALICE, "/api/orders?opportunityId=" + bobs.get("opportunityId"))).isEmpty();
        assertThat(ids(BOB, byAccount)).containsExactly(bobsOrder);

        // Everyone else who may read orders sees both.
        for (String reader : List.of(MARYAM, BILL, ANALYTICS, REP_WHO_BILLS)) {
            assertThat(ids(reader, byAccount)).containsExactly(bobsOrder, alicesOrder);
            get(reader, "/api/orders/" + bobsOrder).expectStatus().isOk();
        }
        // Marketing and catalog admins have no business with orders, even ones that exist.
        for (String outsider : List.of(MONA, CATHY)) {
            get(outsider, "/api/orders/" + alicesOrder).expectStatus().isForbidden();
            get(outsider, "/api/orders").expectStatus().isForbidden();
        }
    }

    private WebTestClient.ResponseSpec get(String token, String path) {
        return http.get().uri(path).header(HttpHeaders.AUTHORIZATION, token).exchange();
    }

    private List<String> ids(String token, String path) {
        JsonNode page = get(token, path).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }
}
