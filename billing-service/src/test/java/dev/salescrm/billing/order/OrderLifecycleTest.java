package dev.salescrm.billing.order;

import static dev.salescrm.billing.order.AcceptedQuotes.accepted;
import static dev.salescrm.billing.order.AcceptedQuotes.line;
import static dev.salescrm.billing.order.AcceptedQuotes.money;
import static dev.salescrm.billing.order.AcceptedQuotes.simple;
import static dev.salescrm.billing.order.AcceptedQuotes.totals;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TopicReader;

/**
 * An order's life over HTTP (API.md, billing-service): submit, fulfill, cancel; every action from
 * every status, legal or a 409 naming the status; edits of an ACTIVE order's lines with exact totals;
 * and every refusal leaves the stored order and the outbox as they were.
 */
@ServiceTest
class OrderLifecycleTest {

    static final Duration BOUND = Duration.ofSeconds(60);
    /** Each action, and the status it leads to when it is legal. */
    static final Map<String, String> ACTIONS = Map.of("submit", "SUBMITTED", "fulfill", "FULFILLED", "cancel", "CANCELED");
    /** The legal (status, action) pairs; every other pair is a 409. */
    static final List<String> LEGAL = List.of("ACTIVE submit", "ACTIVE cancel", "SUBMITTED fulfill", "SUBMITTED cancel");

    @Autowired WebTestClient http;
    @Autowired OrderPlacement placement;
    @Autowired JsonMapper json;
    @Autowired DatabaseClient db;
    @Autowired ApplicationContext context;

    @Test
    void anOrderIsSubmittedThenFulfilledEachStepAVersionAndAnEvent() {
        String id = place(simple("alice"));

        JsonNode submitted = post(id, "submit", null, "\"1\"").expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"2\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(submitted.get("status").asString()).isEqualTo("SUBMITTED");
        assertThat(submitted.get("version").asLong()).isEqualTo(2);
        JsonNode fulfilled = post(id, "fulfill", null, "\"2\"").expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"3\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(fulfilled.get("status").asString()).isEqualTo("FULFILLED");
        assertThat(fulfilled.get("updatedAt").asString()).isGreaterThan(fulfilled.get("createdAt").asString());
        assertThat(get(id)).isEqualTo(fulfilled);
        assertThat(text("SELECT status || ' ' || version FROM sales_order WHERE id = '" + id + "'")).isEqualTo("FULFILLED 3");

        String canceled = place(simple("alice"));
        JsonNode afterCancel = post(canceled, "cancel", "{\"reason\": \"مشتری منصرف شد\"}", null).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(afterCancel.get("status").asString()).isEqualTo("CANCELED");
        assertThat(afterCancel.get("cancelReason").asString()).isEqualTo("مشتری منصرف شد");

        // On the topic, keyed by the order id, in order, with the caller as actor.
        List<ConsumerRecord<String, String>> events = TopicReader.readUntil(bootstrap(), Topics.BILLING_EVENTS, BOUND,
                read -> ofOrder(read, id).size() >= 3 && ofOrder(read, canceled).size() >= 2);
        assertThat(ofOrder(events, id)).extracting(r -> TopicReader.header(r, CloudEventHeaders.TYPE))
                .containsExactly(EventTypes.ORDER_CREATED, EventTypes.ORDER_SUBMITTED, EventTypes.ORDER_FULFILLED);
        JsonNode fulfilledEvent = payload(ofOrder(events, id).get(2));
        assertThat(fulfilledEvent.get("orderId").asString()).isEqualTo(id);
        assertThat(fulfilledEvent.get("orderNumber").asString()).isEqualTo(fulfilled.get("orderNumber").asString());
        assertThat(fulfilledEvent.get("accountId").asString()).isEqualTo(fulfilled.get("accountId").asString());
        assertThat(fulfilledEvent.get("version").asLong()).isEqualTo(3);
        assertThat(fulfilledEvent.get("actor").asString()).isEqualTo("test-admin");
        assertThat(payload(ofOrder(events, id).get(1)).get("version").asLong()).isEqualTo(2);
        ConsumerRecord<String, String> cancelEvent = ofOrder(events, canceled).get(1);
        assertThat(TopicReader.header(cancelEvent, CloudEventHeaders.TYPE)).isEqualTo(EventTypes.ORDER_CANCELED);
        assertThat(cancelEvent.key()).isEqualTo(canceled);
        assertThat(payload(cancelEvent).get("reason").asString()).isEqualTo("مشتری منصرف شد");
        assertThat(payload(cancelEvent).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void everyActionFromEveryStatusIsLegalOrA409NamingTheStatusThatChangesNothing() {
        List<String> checked = new ArrayList<>();
        for (String status : List.of("ACTIVE", "SUBMITTED", "FULFILLED", "INVOICED", "CANCELED")) {
            for (var action : ACTIONS.entrySet()) {
                String id = orderIn(status);
                String body = action.getKey().equals("cancel") ? "{\"reason\": \"test\"}" : null;
                if (LEGAL.contains(status + " " + action.getKey())) {
                    post(id, action.getKey(), body, null).expectStatus().isOk()
                            .expectBody().jsonPath("$.status").isEqualTo(action.getValue());
                    assertThat(text("SELECT status FROM sales_order WHERE id = '" + id + "'")).isEqualTo(action.getValue());
                } else {
                    String before = snapshot(id);
                    post(id, action.getKey(), body, null).expectStatus().isEqualTo(409)
                            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                            .expectBody()
                            .jsonPath("$.type").isEqualTo("urn:crm:problem:illegal-transition")
                            .jsonPath("$.currentState").isEqualTo(status)
                            .jsonPath("$.action").isEqualTo(action.getKey())
                            .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains(status));
                    assertThat(snapshot(id)).as(status + " " + action.getKey()).isEqualTo(before);
                }
                checked.add(status + " " + action.getKey());
            }
        }
        assertThat(checked).hasSize(15);
        // Invoicing is the only way to INVOICED; the invoice API covers it (InvoiceApiTest).
    }

    @Test
    void aCancellationNeedsAReason() {
        String id = place(simple("alice"));
        String before = snapshot(id);
        for (String body : List.of("{}", "{\"reason\": \"  \"}", "{\"reason\": null}",
                "{\"reason\": \"" + "x".repeat(1001) + "\"}")) {
            post(id, "cancel", body, null).expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        }
        post(id, "cancel", null, null).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        post(id, "cancel", "{\"reason\": \"x\", \"status\": \"ACTIVE\"}", null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("status");
        assertThat(snapshot(id)).isEqualTo(before);
    }

    @Test
    void aStaleIfMatchIs412AndAnUnknownOrder404() {
        String id = place(simple("alice"));
        String before = snapshot(id);
        post(id, "submit", null, "\"7\"").expectStatus().isEqualTo(412)
                .expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:precondition-failed");
        post(id, "submit", null, "not-a-tag").expectStatus().isBadRequest();
        patch(id, 1, "{\"quantity\": \"3\"}", "\"2\"").expectStatus().isEqualTo(412);
        http.delete().uri("/api/orders/{id}/lines/1", id).header(HttpHeaders.IF_MATCH, "\"2\"").exchange()
                .expectStatus().isEqualTo(412);
        assertThat(snapshot(id)).isEqualTo(before);
        post(id, "submit", null, "\"1\"").expectStatus().isOk();

        post("0190f0c8-0000-7000-8000-000000000001", "submit", null, null).expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anActiveOrdersLinesChangeWithTotalsRecomputedExactly() {
        // Seats with volume and manual discounts, a Persian write-in, and 17 significant digits.
        Map<String, Object> seats = line("مجوز کاربر", "250", money("48000000.00", "IRR"), money("150000000.00", "IRR"),
                money("11849000000.00", "IRR"));
        seats.put("volumeDiscount", money("1000000.00", "IRR"));
        Map<String, Object> install = line("نصب و راه‌اندازی", "1.5", money("1000000000.00", "IRR"), null,
                money("1500000000.00", "IRR"));
        Map<String, Object> perpetual = line("مجوز دائمی", "1", money("98765432109876.54", "IRR"), null,
                money("98765432109876.54", "IRR"));
        String id = place(accepted("alice", List.of(seats, install, perpetual),
                totals(money("98778781109876.54", "IRR"), money("350000000.00", "IRR"),
                        money("98778431109876.54", "IRR"))));

        // 251.5 × 48 000 000 − 1 000 000 − 150 000 000 = 11 921 000 000.
        JsonNode changed = patch(id, 1, "{\"quantity\": \"251.50\"}", "\"1\"").expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"2\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode line1 = changed.get("lines").get(0);
        assertThat(line1.get("lineNumber").asInt()).isEqualTo(1);
        assertThat(line1.get("quantity").asString()).isEqualTo("251.5");
        assertThat(line1.get("pricePerUnit").get("amount").asString()).isEqualTo("48000000.00");
        assertThat(line1.get("extendedAmount").get("amount").asString()).isEqualTo("11921000000.00");
        assertThat(changed.get("lines").get(1).get("extendedAmount").get("amount").asString()).isEqualTo("1500000000.00");
        assertTotals(changed, "98778853109876.54", "350000000.00", "98778503109876.54", "IRR");
        assertThat(changed.get("version").asLong()).isEqualTo(2);
        assertThat(get(id)).isEqualTo(changed);
        assertThat(text("SELECT extended_amount::text FROM sales_order_line WHERE order_id = '" + id
                + "' AND line_number = 1")).isEqualTo("11921000000.00");
        assertThat(text("SELECT total_amount::text FROM sales_order WHERE id = '" + id + "'"))
                .isEqualTo("98778503109876.54");

        // A whole JSON number is a quantity too; line numbers stay with their lines after a removal.
        JsonNode removed = http.delete().uri("/api/orders/{id}/lines/2", id).header(HttpHeaders.IF_MATCH, "\"2\"")
                .exchange().expectStatus().isOk().expectHeader().valueEquals("ETag", "\"3\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(removed.get("lines")).extracting(l -> l.get("lineNumber").asInt()).containsExactly(1, 3);
        assertTotals(removed, "98777353109876.54", "350000000.00", "98777003109876.54", "IRR");
        JsonNode three = patch(id, 3, "{\"quantity\": 2}", null).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(three.get("lines").get(1).get("extendedAmount").get("amount").asString()).isEqualTo("197530864219753.08");
        assertTotals(three, "197542785219753.08", "350000000.00", "197542435219753.08", "IRR");
        assertThat(count("SELECT count(*) FROM sales_order_line WHERE order_id = '" + id + "'")).isEqualTo(2);
        // No event: the contract has no order-changed type.
        assertThat(count("SELECT count(*) FROM outbox WHERE aggregateid = '" + id + "'")).isEqualTo(1);
    }

    @Test
    void aLineEditThatCannotBeMadeIsAProblemAndChangesNothing() {
        String twoLines = place(accepted("alice", List.of(
                        line("Support, per hour", "12", money("37.125", "KWD"), money("0.500", "KWD"), money("445.000", "KWD")),
                        line("Training", "1", money("100.000", "KWD"), null, money("100.000", "KWD"))),
                totals(money("545.000", "KWD"), money("0.000", "KWD"), money("545.000", "KWD"))));
        String before = snapshot(twoLines);

        invalid(patch(twoLines, 1, "{\"quantity\": \"0\"}", null), "quantity");
        invalid(patch(twoLines, 1, "{\"quantity\": \"-2\"}", null), "quantity");
        invalid(patch(twoLines, 1, "{\"quantity\": \"abc\"}", null), "quantity");
        invalid(patch(twoLines, 1, "{\"quantity\": 2.5}", null), "quantity");
        invalid(patch(twoLines, 1, "{\"quantity\": null}", null), "quantity");
        invalid(patch(twoLines, 1, "{\"quantity\": \"1.00000000001\"}", null), "quantity");
        invalid(patch(twoLines, 1, "{}", null), "quantity");
        invalid(patch(twoLines, 1, "{\"quantity\": \"2\", \"pricePerUnit\": {\"amount\": \"1.000\", \"currency\": \"KWD\"}}", null),
                "pricePerUnit");
        // 0.01 × 37.125 = 0.371 is less than the line's 0.500 discount.
        invalid(patch(twoLines, 1, "{\"quantity\": \"0.01\"}", null), "quantity");
        patch(twoLines, 9, "{\"quantity\": \"2\"}", null).expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.delete().uri("/api/orders/{id}/lines/9", twoLines).exchange().expectStatus().isNotFound();
        patch(twoLines, 1, "[1]", null).expectStatus().isBadRequest();
        http.patch().uri("/api/orders/{id}/lines/x", twoLines).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"quantity\": \"2\"}").exchange().expectStatus().isBadRequest();
        assertThat(snapshot(twoLines)).isEqualTo(before);

        // The last line stays: 409 naming the (ACTIVE) status, nothing removed.
        http.delete().uri("/api/orders/{id}/lines/2", twoLines).exchange().expectStatus().isOk();
        String oneLine = snapshot(twoLines);
        http.delete().uri("/api/orders/{id}/lines/1", twoLines).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.currentState").isEqualTo("ACTIVE")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("at least one line"));
        assertThat(snapshot(twoLines)).isEqualTo(oneLine);
        // 0.02 × 37.125 = 0.7425 → 0.742 (half-even at the dinar's three decimals), less 0.500.
        JsonNode kwd = patch(twoLines, 1, "{\"quantity\": \"0.02\"}", null).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(kwd.get("lines").get(0).get("extendedAmount").get("amount").asString()).isEqualTo("0.242");
        assertTotals(kwd, "0.242", "0.000", "0.242", "KWD");
    }

    @Test
    void onlyAnActiveOrdersLinesCanChange() {
        for (String status : List.of("SUBMITTED", "FULFILLED", "INVOICED", "CANCELED")) {
            String id = orderIn(status);
            String before = snapshot(id);
            patch(id, 1, "{\"quantity\": \"3\"}", null).expectStatus().isEqualTo(409)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.currentState").isEqualTo(status)
                    .jsonPath("$.action").isEqualTo("edit the lines of");
            http.delete().uri("/api/orders/{id}/lines/1", id).exchange().expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.currentState").isEqualTo(status);
            assertThat(snapshot(id)).as(status).isEqualTo(before);
        }
    }

    @Test
    void listsAreFilteredByTheDayOfCreation() {
        String accountId = dev.salescrm.platform.id.Ids.newId().toString();
        List<String> ids = new ArrayList<>();
        for (String day : List.of("2026-03-01T00:00:00Z", "2026-03-01T23:59:59.999999Z", "2026-03-02T00:00:00Z",
                "2026-03-05T12:00:00Z")) {
            Map<String, Object> quote = simple("alice");
            quote.put("accountId", accountId);
            String id = place(quote);
            db.sql("UPDATE sales_order SET created_at = '" + day + "' WHERE id = '" + id + "'").then().block();
            ids.add(id);
        }
        String base = "/api/orders?accountId=" + accountId;
        assertThat(listIds(base + "&createdFrom=2026-03-01&createdTo=2026-03-01")).containsExactly(ids.get(1), ids.get(0));
        assertThat(listIds(base + "&createdFrom=2026-03-02")).containsExactly(ids.get(3), ids.get(2));
        assertThat(listIds(base + "&createdTo=2026-03-02")).containsExactly(ids.get(2), ids.get(1), ids.get(0));
        assertThat(listIds(base + "&createdFrom=2026-03-03&createdTo=2026-03-04")).isEmpty();
        assertThat(listIds(base + "&createdFrom=2026-03-01&createdTo=2026-03-05&limit=2")).hasSize(2);
        http.get().uri(base + "&createdFrom=2026-03-05&createdTo=2026-03-01").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("createdTo");
        http.get().uri(base + "&createdFrom=01.03.2026").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("createdFrom");
    }

    // ---- helpers

    private String place(Map<String, Object> quote) {
        assertThat(AcceptedQuotes.place(placement, json, quote)).isEqualTo(OrderPlacement.Outcome.PLACED);
        return (String) quote.get("orderId");
    }

    /** A fresh order in the status, reached through the API (INVOICED as invoicing leaves it). */
    private String orderIn(String status) {
        String id = place(simple("alice"));
        switch (status) {
            case "ACTIVE" -> { }
            case "SUBMITTED" -> post(id, "submit", null, null).expectStatus().isOk();
            case "FULFILLED" -> {
                post(id, "submit", null, null).expectStatus().isOk();
                post(id, "fulfill", null, null).expectStatus().isOk();
            }
            case "INVOICED" -> {
                post(id, "submit", null, null).expectStatus().isOk();
                post(id, "fulfill", null, null).expectStatus().isOk();
                http.post().uri("/api/orders/{id}/invoice", id).exchange().expectStatus().isCreated();
            }
            case "CANCELED" -> post(id, "cancel", "{\"reason\": \"test\"}", null).expectStatus().isOk();
            default -> throw new IllegalArgumentException(status);
        }
        assertThat(text("SELECT status FROM sales_order WHERE id = '" + id + "'")).isEqualTo(status);
        return id;
    }

    private WebTestClient.ResponseSpec post(String id, String action, String body, String ifMatch) {
        var request = http.post().uri("/api/orders/{id}/" + action, id).headers(headers(ifMatch));
        return body == null ? request.exchange() : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec patch(String id, int line, String body, String ifMatch) {
        return http.patch().uri("/api/orders/{id}/lines/{line}", id, line).headers(headers(ifMatch))
                .contentType(MediaType.valueOf("application/merge-patch+json")).bodyValue(body).exchange();
    }

    private static Consumer<HttpHeaders> headers(String ifMatch) {
        return headers -> {
            if (ifMatch != null) {
                headers.set(HttpHeaders.IF_MATCH, ifMatch);
            }
        };
    }

    private static void invalid(WebTestClient.ResponseSpec response, String field) {
        response.expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:validation")
                .jsonPath("$.errors[0].field").isEqualTo(field);
    }

    private static void assertTotals(JsonNode order, String detail, String discount, String total, String currency) {
        JsonNode totals = order.get("totals");
        assertThat(totals.get("detailAmount").get("amount").asString()).isEqualTo(detail);
        assertThat(totals.get("discountAmount").get("amount").asString()).isEqualTo(discount);
        assertThat(totals.get("totalAmount").get("amount").asString()).isEqualTo(total);
        assertThat(totals.get("totalAmount").get("currency").asString()).isEqualTo(currency);
        // The total is the lines' exact sum less the order discount.
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        for (JsonNode line : order.get("lines")) {
            sum = sum.add(new java.math.BigDecimal(line.get("extendedAmount").get("amount").asString()));
        }
        assertThat(sum.toPlainString()).isEqualTo(detail);
    }

    private JsonNode get(String id) {
        return http.get().uri("/api/orders/{id}", id).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private List<String> listIds(String path) {
        JsonNode page = http.get().uri(path).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    /** Everything stored about the order — its row, its lines, its events — to compare before and after. */
    private String snapshot(String id) {
        return text("SELECT row_to_json(o)::text FROM sales_order o WHERE id = '" + id + "'")
                + text("SELECT coalesce(json_agg(l ORDER BY line_number)::text, '') FROM sales_order_line l WHERE order_id = '"
                + id + "'")
                + count("SELECT count(*) FROM outbox WHERE aggregateid = '" + id + "'");
    }

    private String text(String sql) {
        return db.sql(sql).map(row -> row.get(0, String.class)).one().block();
    }

    private long count(String sql) {
        return db.sql(sql).map(row -> row.get(0, Long.class)).one().block();
    }

    private JsonNode payload(ConsumerRecord<String, String> record) {
        return json.readTree(record.value());
    }

    private static List<ConsumerRecord<String, String>> ofOrder(List<ConsumerRecord<String, String>> records, String id) {
        return records.stream().filter(r -> id.equals(r.key())).toList();
    }

    private String bootstrap() {
        return ServiceTestInfrastructure.broker(context).getBrokersAsString();
    }
}
