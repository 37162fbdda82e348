package dev.salescrm.billing.order;

import static dev.salescrm.billing.order.AcceptedQuotes.simple;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.test.ServiceTest;

/** Reading orders over HTTP (API.md, billing-service): one order, lists with filters and pages, errors. */
@ServiceTest
class OrderApiTest {

    @Autowired WebTestClient http;
    @Autowired OrderPlacement placement;
    @Autowired JsonMapper json;

    @Test
    void anOrderIsReadWithItsVersionAsETag() {
        Map<String, Object> quote = simple("alice");
        assertThat(AcceptedQuotes.place(placement, json, quote)).isEqualTo(OrderPlacement.Outcome.PLACED);

        JsonNode order = http.get().uri("/api/orders/{id}", quote.get("orderId")).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(order.get("id").asString()).isEqualTo(quote.get("orderId"));
        assertThat(order.get("orderNumber").asString()).matches("ORD-20\\d\\d-\\d{6}");
        assertThat(order.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(order.get("currency").asString()).isEqualTo("USD");
        assertThat(order.get("ownerId").asString()).isEqualTo("alice");
        assertThat(order.get("lines").get(0).get("quantity").asString()).isEqualTo("10");
        assertThat(order.get("lines").get(0).get("pricePerUnit").get("amount").asString()).isEqualTo("125.00");
        assertThat(order.get("totals").get("totalAmount").get("amount").asString()).isEqualTo("1250.00");
        assertThat(order.get("totals").get("totalAmount").get("currency").asString()).isEqualTo("USD");
        assertThat(order.get("version").asLong()).isEqualTo(1);
        assertThat(order.get("createdAt").asString()).endsWith("Z");
    }

    @Test
    void orderNumbersAreUniqueAndRunOn() {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> quote = simple("alice");
            AcceptedQuotes.place(placement, json, quote);
            numbers.add(get((String) quote.get("orderId")).get("orderNumber").asString());
        }
        assertThat(numbers).doesNotHaveDuplicates();
        List<Long> running = numbers.stream().map(n -> Long.parseLong(n.substring(n.lastIndexOf('-') + 1))).toList();
        assertThat(running).isSorted();
    }

    @Test
    void anUnknownOrderIsAProblemNotAnError() {
        http.get().uri("/api/orders/{id}", Ids.newId()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:not-found")
                .jsonPath("$.status").isEqualTo(404);
        http.get().uri("/api/orders/not-an-id").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/orders?status=SHIPPED").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/orders?limit=201").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
    }

    @Test
    void listsAreFilteredByAccountOpportunityAndStatus() {
        Map<String, Object> first = simple("alice");
        Map<String, Object> sameAccount = simple("bob");
        sameAccount.put("accountId", first.get("accountId"));
        Map<String, Object> sameOpportunity = simple("alice");
        sameOpportunity.put("opportunityId", first.get("opportunityId"));
        for (Map<String, Object> quote : List.of(first, sameAccount, sameOpportunity)) {
            AcceptedQuotes.place(placement, json, quote);
        }

        assertThat(ids("/api/orders?accountId=" + first.get("accountId")))
                .containsExactly((String) sameAccount.get("orderId"), (String) first.get("orderId"));
        assertThat(ids("/api/orders?opportunityId=" + first.get("opportunityId")))
                .containsExactly((String) sameOpportunity.get("orderId"), (String) first.get("orderId"));
        assertThat(ids("/api/orders?accountId=" + first.get("accountId") + "&opportunityId=" + first.get("opportunityId")))
                .containsExactly((String) first.get("orderId"));
        assertThat(ids("/api/orders?status=ACTIVE&accountId=" + first.get("accountId"))).hasSize(2);
        assertThat(ids("/api/orders?status=CANCELED&accountId=" + first.get("accountId"))).isEmpty();
        assertThat(ids("/api/orders?accountId=" + Ids.newId())).isEmpty();

        // A listed order is the whole order, lines included.
        JsonNode listed = http.get().uri("/api/orders?opportunityId=" + first.get("opportunityId")).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("items").get(1);
        assertThat(listed).isEqualTo(get((String) first.get("orderId")));
        assertThat(listed.get("lines").get(0).get("extendedAmount").get("amount").asString()).isEqualTo("1250.00");
    }

    @Test
    void listsArePagedNewestFirstWithoutGapsOrRepeats() {
        String accountId = Ids.newId().toString();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> quote = simple("alice");
            quote.put("accountId", accountId);
            AcceptedQuotes.place(placement, json, quote);
            created.add((String) quote.get("orderId"));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = "/api/orders?limit=2&accountId=" + accountId + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = http.get().uri(path).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            page.get("items").forEach(item -> seen.add(item.get("id").asString()));
            assertThat(page.has("nextCursor")).isTrue();
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created.reversed());
        http.get().uri("/api/orders?cursor=garbage").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("cursor");
    }

    private JsonNode get(String id) {
        return http.get().uri("/api/orders/{id}", id).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private List<String> ids(String path) {
        JsonNode page = http.get().uri(path).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }
}
