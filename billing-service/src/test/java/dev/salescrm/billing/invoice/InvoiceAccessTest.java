package dev.salescrm.billing.invoice;

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

import dev.salescrm.platform.test.TestTokens;

/**
 * Who may see and work invoices, record by record (the role matrix over every endpoint is
 * {@code OrderAccessTest}'s): a sales rep reads the invoices of their own deals only — another
 * rep's is 404 and absent from lists — and changes none; billing and admins work them; managers
 * and analytics read; marketing and catalog admins are refused.
 */
@dev.salescrm.platform.test.ServiceTest
class InvoiceAccessTest {

    static final String ALICE = TestTokens.bearer("alice", "SALES_REP");
    static final String BOB = TestTokens.bearer("bob", "SALES_REP");
    static final String MARYAM = TestTokens.bearer("maryam", "SALES_MANAGER");
    static final String BILL = TestTokens.bearer("bill", "BILLING");
    static final String ANALYTICS = TestTokens.bearer("analytics", "ANALYTICS");
    static final String MONA = TestTokens.bearer("mona", "MARKETING");
    static final String CATHY = TestTokens.bearer("cathy", "CATALOG_ADMIN");
    static final String REP_WHO_BILLS = TestTokens.bearer("reza", "SALES_REP", "BILLING");

    @Autowired WebTestClient http;
    @Autowired ApplicationContext context;

    @Test
    void aRepSeesTheInvoicesOfTheirOwnDealsOnly() {
        Billing billing = new Billing(http, context);
        Map<String, Object> alices = simple("alice");
        Map<String, Object> bobs = simple("bob");
        bobs.put("accountId", alices.get("accountId")); // the same customer, another rep's deal
        String alicesInvoice = billing.invoiceOf(alices).get("id").asString();
        String bobsInvoice = billing.invoiceOf(bobs).get("id").asString();
        String byAccount = "/api/invoices?accountId=" + alices.get("accountId");

        get(ALICE, "/api/invoices/" + alicesInvoice).expectStatus().isOk().expectHeader().valueEquals("ETag", "\"1\"");
        get(ALICE, "/api/invoices/" + bobsInvoice).expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:not-found");
        get(BOB, "/api/invoices/" + alicesInvoice).expectStatus().isNotFound();
        assertThat(ids(ALICE, byAccount)).containsExactly(alicesInvoice);
        assertThat(ids(ALICE, "/api/invoices")).contains(alicesInvoice).doesNotContain(bobsInvoice);
        assertThat(ids(ALICE, "/api/invoices?orderId=" + bobs.get("orderId"))).isEmpty();
        assertThat(ids(BOB, byAccount)).containsExactly(bobsInvoice);

        for (String reader : List.of(MARYAM, BILL, ANALYTICS, REP_WHO_BILLS)) {
            assertThat(ids(reader, byAccount)).containsExactly(bobsInvoice, alicesInvoice);
            get(reader, "/api/invoices/" + bobsInvoice).expectStatus().isOk();
        }
        for (String outsider : List.of(MONA, CATHY)) {
            get(outsider, "/api/invoices/" + alicesInvoice).expectStatus().isForbidden();
            get(outsider, "/api/invoices").expectStatus().isForbidden();
        }
    }

    @Test
    void onlyBillingAndAdminsInvoicePayOrCancel() {
        Billing billing = new Billing(http, context);
        String orderId = billing.fulfilledOrder(simple("alice"));
        // The rep whose deal it is, their manager, analytics and outsiders: 403, and nothing happens.
        for (String token : List.of(ALICE, MARYAM, ANALYTICS, MONA, CATHY)) {
            post(token, "/api/orders/" + orderId + "/invoice", "{}").expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        String invoiceId = post(BILL, "/api/orders/" + orderId + "/invoice", "{}").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
        String payment = "{\"amount\": {\"amount\": \"1.00\", \"currency\": \"USD\"}}";
        for (String token : List.of(ALICE, MARYAM, ANALYTICS, MONA, CATHY)) {
            post(token, "/api/invoices/" + invoiceId + "/payments", payment).expectStatus().isForbidden();
            post(token, "/api/invoices/" + invoiceId + "/cancel", "{\"reason\": \"x\"}").expectStatus().isForbidden();
        }
        get(BILL, "/api/invoices/" + invoiceId).expectStatus().isOk()
                .expectBody().jsonPath("$.version").isEqualTo(1).jsonPath("$.payments.length()").isEqualTo(0);
        post(BILL, "/api/invoices/" + invoiceId + "/payments", payment).expectStatus().isCreated()
                .expectBody().jsonPath("$.payments[0].recordedBy").isEqualTo("bill");
        post(REP_WHO_BILLS, "/api/invoices/" + invoiceId + "/payments", payment).expectStatus().isCreated();
    }

    private WebTestClient.ResponseSpec get(String token, String path) {
        return http.get().uri(path).header(HttpHeaders.AUTHORIZATION, token).exchange();
    }

    private WebTestClient.ResponseSpec post(String token, String path, String body) {
        return http.post().uri(path).header(HttpHeaders.AUTHORIZATION, token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }

    private List<String> ids(String token, String path) {
        JsonNode page = get(token, path).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }
}
