package dev.salescrm.billing.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import dev.salescrm.billing.order.AcceptedQuotes;

/** The steps of deal closure the invoice tests take over and over, through the API. */
final class Billing {

    private final WebTestClient http;
    private final ApplicationContext context;

    Billing(WebTestClient http, ApplicationContext context) {
        this.http = http;
        this.context = context;
    }

    /** The accepted quote's order, submitted and fulfilled: ready to invoice. Its id. */
    String fulfilledOrder(Map<String, Object> quote) {
        String id = AcceptedQuotes.place(context, quote);
        http.post().uri("/api/orders/{id}/submit", id).exchange().expectStatus().isOk();
        http.post().uri("/api/orders/{id}/fulfill", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("FULFILLED");
        return id;
    }

    /** Invoices the order with the default terms: the invoice. */
    JsonNode invoice(String orderId) {
        return http.post().uri("/api/orders/{id}/invoice", orderId).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** An invoice of a fresh fulfilled order. */
    JsonNode invoiceOf(Map<String, Object> quote) {
        return invoice(fulfilledOrder(quote));
    }

    WebTestClient.ResponseSpec pay(String invoiceId, String amount, String currency) {
        return post("/api/invoices/" + invoiceId + "/payments",
                "{\"amount\": {\"amount\": \"" + amount + "\", \"currency\": \"" + currency + "\"}}");
    }

    /** Pays and expects it recorded: the invoice after the payment. */
    JsonNode paid(String invoiceId, String amount, String currency) {
        JsonNode invoice = pay(invoiceId, amount, currency).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(invoice.get("id").asString()).isEqualTo(invoiceId);
        return invoice;
    }

    WebTestClient.ResponseSpec post(String path, String body) {
        var request = http.post().uri(path);
        return body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    static String amount(JsonNode money) {
        return money.get("amount").asString();
    }
}
