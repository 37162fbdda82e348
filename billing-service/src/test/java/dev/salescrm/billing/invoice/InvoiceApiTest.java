package dev.salescrm.billing.invoice;

import static dev.salescrm.billing.invoice.Billing.amount;
import static dev.salescrm.billing.order.AcceptedQuotes.accepted;
import static dev.salescrm.billing.order.AcceptedQuotes.line;
import static dev.salescrm.billing.order.AcceptedQuotes.money;
import static dev.salescrm.billing.order.AcceptedQuotes.simple;
import static dev.salescrm.billing.order.AcceptedQuotes.totals;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.billing.order.AcceptedQuotes;
import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TopicReader;

/**
 * Invoices over HTTP (API.md, billing-service): a fulfilled order invoiced once, with its lines and
 * totals; payments exact to the minor unit in rials, dinars and yen; what cannot be paid or canceled
 * is a problem that records nothing; lists; and the events on the topic, keyed by the order.
 */
@ServiceTest
class InvoiceApiTest {

    static final Duration BOUND = Duration.ofSeconds(60);

    @Autowired WebTestClient http;
    @Autowired ApplicationContext context;
    @Autowired DatabaseClient db;
    @Autowired JsonMapper json;

    Billing billing;

    @BeforeEach
    void setUp() {
        billing = new Billing(http, context);
    }

    @Test
    void aFulfilledOrderIsInvoicedWithItsLinesAndTotalsAndBecomesInvoiced() {
        String orderId = billing.fulfilledOrder(rialQuote());
        JsonNode order = order(orderId);

        JsonNode invoice = http.post().uri("/api/orders/{id}/invoice", orderId).header(HttpHeaders.IF_MATCH, "\"3\"")
                .exchange().expectStatus().isCreated()
                .expectHeader().valueEquals("ETag", "\"1\"")
                .expectHeader().value(HttpHeaders.LOCATION, location -> assertThat(location).startsWith("/api/invoices/"))
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        Instant issuedAt = Instant.parse(invoice.get("issuedAt").asString());
        int year = issuedAt.atZone(ZoneOffset.UTC).getYear();
        assertThat(invoice.get("number").asString()).matches("INV-" + year + "-\\d{6}");
        assertThat(invoice.get("status").asString()).isEqualTo("ISSUED");
        assertThat(invoice.get("orderId").asString()).isEqualTo(orderId);
        assertThat(invoice.get("orderNumber").asString()).isEqualTo(order.get("orderNumber").asString());
        assertThat(invoice.get("accountId").asString()).isEqualTo(order.get("accountId").asString());
        assertThat(invoice.get("currency").asString()).isEqualTo("IRR");
        // The order's lines and totals, to the digit.
        assertThat(invoice.get("lines")).isEqualTo(order.get("lines"));
        assertThat(invoice.get("totals")).isEqualTo(order.get("totals"));
        assertThat(amount(invoice.get("amountPaid"))).isEqualTo("0.00");
        assertThat(amount(invoice.get("balance"))).isEqualTo("98778431109876.54");
        assertThat(invoice.get("payments")).isEmpty();
        assertThat(invoice.get("paymentTermsDays").asInt()).isEqualTo(30);
        assertThat(invoice.get("dueDate").asString())
                .isEqualTo(LocalDate.ofInstant(issuedAt, ZoneOffset.UTC).plusDays(30).toString());
        assertThat(invoice.get("version").asLong()).isEqualTo(1);
        assertThat(invoice.get("issuedBy").asString()).isEqualTo("test-admin");
        assertThat(get(invoice.get("id").asString())).isEqualTo(invoice);

        // The order is INVOICED, one version on, in the same transaction.
        JsonNode invoiced = order(orderId);
        assertThat(invoiced.get("status").asString()).isEqualTo("INVOICED");
        assertThat(invoiced.get("version").asLong()).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM invoice_line WHERE invoice_id = '" + invoice.get("id").asString() + "'"))
                .isEqualTo(3);

        // Other terms, another due date.
        String other = billing.fulfilledOrder(simple("alice"));
        JsonNode in45 = billing.post("/api/orders/" + other + "/invoice", "{\"paymentTermsDays\": 45}")
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(in45.get("dueDate").asString()).isEqualTo(LocalDate.ofInstant(
                Instant.parse(in45.get("issuedAt").asString()), ZoneOffset.UTC).plusDays(45).toString());
    }

    @Test
    void anOrderIsInvoicedOnceAndOnlyWhenFulfilled() {
        String orderId = billing.fulfilledOrder(simple("alice"));
        billing.invoice(orderId);
        String counter = counter();
        String before = snapshot(orderId);

        // A second invoice: the order is INVOICED now.
        billing.post("/api/orders/" + orderId + "/invoice", null).expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:illegal-transition")
                .jsonPath("$.currentState").isEqualTo("INVOICED")
                .jsonPath("$.action").isEqualTo("invoice");
        assertThat(snapshot(orderId)).isEqualTo(before);

        // Not yet fulfilled, or canceled: 409 naming the status, no invoice, no number used.
        String active = AcceptedQuotes.place(context, simple("alice"));
        String submitted = AcceptedQuotes.place(context, simple("alice"));
        billing.post("/api/orders/" + submitted + "/submit", null).expectStatus().isOk();
        String canceled = AcceptedQuotes.place(context, simple("alice"));
        billing.post("/api/orders/" + canceled + "/cancel", "{\"reason\": \"withdrawn\"}").expectStatus().isOk();
        for (var refused : Map.of(active, "ACTIVE", submitted, "SUBMITTED", canceled, "CANCELED").entrySet()) {
            String orderBefore = snapshot(refused.getKey());
            billing.post("/api/orders/" + refused.getKey() + "/invoice", "{\"paymentTermsDays\": 10}")
                    .expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.currentState").isEqualTo(refused.getValue());
            assertThat(snapshot(refused.getKey())).isEqualTo(orderBefore);
        }
        assertThat(counter()).isEqualTo(counter);
        assertThat(count("SELECT count(*) FROM invoice WHERE order_id IN ('" + orderId + "', '" + active + "', '"
                + submitted + "', '" + canceled + "')")).isEqualTo(1);
    }

    @Test
    void invoicingThatCannotBeDoneIsAProblemThatTakesNoNumber() {
        String orderId = billing.fulfilledOrder(simple("alice"));
        String counter = counter();
        String before = snapshot(orderId);
        for (String terms : List.of("-1", "366", "\"abc\"", "\"30\"", "1.5", "4294967326")) {
            billing.post("/api/orders/" + orderId + "/invoice", "{\"paymentTermsDays\": " + terms + "}")
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("paymentTermsDays");
        }
        billing.post("/api/orders/" + orderId + "/invoice", "{\"number\": \"INV-2026-000001\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("number");
        http.post().uri("/api/orders/{id}/invoice", orderId).header(HttpHeaders.IF_MATCH, "\"2\"").exchange()
                .expectStatus().isEqualTo(412).expectHeader().valueEquals("ETag", "\"3\"");
        billing.post("/api/orders/" + Ids.newId() + "/invoice", null).expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(snapshot(orderId)).isEqualTo(before);
        assertThat(counter()).isEqualTo(counter);
        assertThat(count("SELECT count(*) FROM invoice WHERE order_id = '" + orderId + "'")).isZero();
    }

    @Test
    void anOrderThatComesToZeroIsInvoicedAsPaid() {
        String orderId = billing.fulfilledOrder(accepted("alice", List.of(line("Pilot, free of charge", "1",
                money("0.00", "USD"), null, money("0.00", "USD"))), totals(money("0.00", "USD"), money("0.00", "USD"),
                money("0.00", "USD"))));
        JsonNode invoice = billing.invoice(orderId);
        assertThat(invoice.get("status").asString()).isEqualTo("PAID");
        assertThat(amount(invoice.get("balance"))).isEqualTo("0.00");
        assertThat(invoice.get("paidAt").asString()).isEqualTo(invoice.get("issuedAt").asString());
        assertThat(text("SELECT string_agg(type, ' ' ORDER BY seq) FROM outbox WHERE aggregateid = '" + orderId
                + "' AND type LIKE 'crm.invoice.%'")).isEqualTo(EventTypes.INVOICE_ISSUED + " " + EventTypes.INVOICE_PAID);
        billing.pay(invoice.get("id").asString(), "0.01", "USD").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.currentState").isEqualTo("PAID");
    }

    @Test
    void partialPaymentsAreExactToTheMinorUnitInRialsDinarsAndYen() {
        // Rial: a total of 17 significant digits, paid in three parts down to the last 0.01.
        JsonNode rial = billing.invoiceOf(rialQuote());
        String rialId = rial.get("id").asString();
        JsonNode afterFirst = billing.paid(rialId, "50000000000000.01", "IRR");
        assertThat(afterFirst.get("status").asString()).isEqualTo("ISSUED");
        assertThat(amount(afterFirst.get("amountPaid"))).isEqualTo("50000000000000.01");
        assertThat(amount(afterFirst.get("balance"))).isEqualTo("48778431109876.53");
        assertThat(afterFirst.get("version").asLong()).isEqualTo(2);
        JsonNode afterSecond = billing.paid(rialId, "48778431109876.52", "IRR");
        assertThat(amount(afterSecond.get("balance"))).isEqualTo("0.01");
        assertThat(afterSecond.get("paidAt").isNull()).isTrue();
        JsonNode paid = billing.pay(rialId, "0.01", "IRR").expectStatus().isCreated()
                .expectHeader().valueEquals("ETag", "\"4\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(paid.get("status").asString()).isEqualTo("PAID");
        assertThat(amount(paid.get("amountPaid"))).isEqualTo("98778431109876.54").isEqualTo(amount(paid.get("totals").get("totalAmount")));
        assertThat(amount(paid.get("balance"))).isEqualTo("0.00");
        assertThat(paid.get("payments")).extracting(p -> amount(p.get("amount")))
                .containsExactly("50000000000000.01", "48778431109876.52", "0.01");
        assertThat(paid.get("paidAt").asString()).isEqualTo(paid.get("payments").get(2).get("paidAt").asString());
        assertThat(text("SELECT amount_paid::text || ' ' || status FROM invoice WHERE id = '" + rialId + "'"))
                .isEqualTo("98778431109876.54 PAID");
        assertThat(text("SELECT sum(amount)::text FROM invoice_payment WHERE invoice_id = '" + rialId + "'"))
                .isEqualTo("98778431109876.54");

        // Dinar: three decimals.
        String dinarId = billing.invoiceOf(accepted("bob", List.of(line("Support, per hour", "12", money("37.125", "KWD"),
                        money("0.500", "KWD"), money("445.000", "KWD"))),
                totals(money("445.000", "KWD"), money("0.000", "KWD"), money("445.000", "KWD")))).get("id").asString();
        assertThat(amount(billing.paid(dinarId, "100.125", "KWD").get("balance"))).isEqualTo("344.875");
        assertThat(amount(billing.paid(dinarId, "344.874", "KWD").get("balance"))).isEqualTo("0.001");
        assertThat(billing.paid(dinarId, "0.001", "KWD").get("status").asString()).isEqualTo("PAID");

        // Yen: none; "1" and "59399.0" are amounts of whole yen.
        String yenId = billing.invoiceOf(accepted("bob", List.of(line("ライセンス", "3", money("19800", "JPY"), null,
                money("59400", "JPY"))), totals(money("59400", "JPY"), money("0", "JPY"), money("59400", "JPY"))))
                .get("id").asString();
        assertThat(amount(billing.paid(yenId, "1", "JPY").get("balance"))).isEqualTo("59399");
        JsonNode yenPaid = billing.paid(yenId, "59399.0", "JPY");
        assertThat(yenPaid.get("status").asString()).isEqualTo("PAID");
        assertThat(amount(yenPaid.get("amountPaid"))).isEqualTo("59400");
    }

    @Test
    void aPaymentThatCannotBeTakenIsAProblemAndRecordsNothing() {
        String id = billing.invoiceOf(accepted("bob", List.of(line("Support", "12", money("37.125", "KWD"), null,
                money("445.500", "KWD"))), totals(money("445.500", "KWD"), money("0.000", "KWD"), money("445.500", "KWD"))))
                .get("id").asString();
        billing.paid(id, "400.000", "KWD");
        String before = snapshot(id);

        invalid(billing.pay(id, "10.000", "USD"), "amount.currency");
        invalid(billing.pay(id, "10.000", "XYZ"), "amount.currency");
        invalid(billing.pay(id, "0.000", "KWD"), "amount.amount");
        invalid(billing.pay(id, "-5.000", "KWD"), "amount.amount");
        invalid(billing.pay(id, "1.0005", "KWD"), "amount.amount"); // a fourth decimal is not rounded away
        invalid(billing.pay(id, "1e3", "KWD"), "amount.amount");
        invalid(payBody(id, "{\"amount\": {\"amount\": 10.5, \"currency\": \"KWD\"}}"), "amount.amount");
        invalid(payBody(id, "{\"amount\": {\"amount\": \"10.500\"}}"), "amount.currency");
        invalid(payBody(id, "{\"reference\": \"x\"}"), "amount");
        invalid(payBody(id, "{\"amount\": {\"amount\": \"1.000\", \"currency\": \"KWD\"}, \"paidAt\": \"2999-01-01T00:00:00Z\"}"),
                "paidAt");
        invalid(payBody(id, "{\"amount\": {\"amount\": \"1.000\", \"currency\": \"KWD\"}, \"paidAt\": \"yesterday\"}"),
                "paidAt");
        invalid(payBody(id, "{\"amount\": {\"amount\": \"1.000\", \"currency\": \"KWD\"}, \"status\": \"PAID\"}"), "status");
        invalid(payBody(id, "{\"amount\": {\"amount\": \"1.000\", \"currency\": \"KWD\"}, \"reference\": \""
                + "r".repeat(201) + "\"}"), "reference");

        // More than the balance of 45.500: 409, with the balance, nothing recorded.
        billing.pay(id, "45.501", "KWD").expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:overpayment")
                .jsonPath("$.balance.amount").isEqualTo("45.500")
                .jsonPath("$.balance.currency").isEqualTo("KWD")
                .jsonPath("$.amount.amount").isEqualTo("45.501");
        http.post().uri("/api/invoices/{id}/payments", id).header(HttpHeaders.IF_MATCH, "\"1\"")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"amount\": {\"amount\": \"1.000\", \"currency\": \"KWD\"}}").exchange()
                .expectStatus().isEqualTo(412).expectHeader().valueEquals("ETag", "\"2\"");
        billing.pay(Ids.newId().toString(), "1.000", "KWD").expectStatus().isNotFound();
        assertThat(snapshot(id)).isEqualTo(before);

        // The exact balance pays it; after that, nothing more is taken.
        JsonNode paid = billing.post("/api/invoices/" + id + "/payments", "{\"amount\": {\"amount\": \"45.5\", "
                + "\"currency\": \"KWD\"}, \"paidAt\": \"2026-01-15T09:30:00Z\", \"reference\": \"بانک ملت ۱۲۳\"}")
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(paid.get("status").asString()).isEqualTo("PAID");
        assertThat(paid.get("paidAt").asString()).isEqualTo("2026-01-15T09:30:00Z");
        assertThat(paid.get("payments").get(1).get("reference").asString()).isEqualTo("بانک ملت ۱۲۳");
        assertThat(paid.get("payments").get(1).get("recordedBy").asString()).isEqualTo("test-admin");
        String paidState = snapshot(id);
        billing.pay(id, "0.001", "KWD").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:illegal-transition")
                .jsonPath("$.currentState").isEqualTo("PAID");
        assertThat(snapshot(id)).isEqualTo(paidState);
    }

    @Test
    void concurrentPaymentsNeverPayMoreThanTheTotal() throws Exception {
        String id = billing.invoiceOf(simple("alice")).get("id").asString(); // 1250.00 USD
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<Integer>> payments = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            payments.add(() -> billing.pay(id, "150.00", "USD").returnResult(Void.class).getStatus().value());
        }
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> status : pool.invokeAll(payments)) {
                statuses.add(status.get());
            }
        } finally {
            pool.shutdown();
        }
        // 8 × 150 = 1200 fit, a ninth would be 1350: the payments took turns on the invoice's row.
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(8);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(4);
        JsonNode invoice = get(id);
        assertThat(amount(invoice.get("amountPaid"))).isEqualTo("1200.00");
        assertThat(invoice.get("payments")).hasSize(8);
        assertThat(invoice.get("version").asLong()).isEqualTo(9);
        assertThat(text("SELECT sum(amount)::text || ' ' || count(*) FROM invoice_payment WHERE invoice_id = '" + id + "'"))
                .isEqualTo("1200.00 8");
        assertThat(billing.paid(id, "50.00", "USD").get("status").asString()).isEqualTo("PAID");
    }

    @Test
    void aPaymentRetriedWithItsIdempotencyKeyIsRecordedOnce() {
        String id = billing.invoiceOf(simple("alice")).get("id").asString();
        String body = "{\"amount\": {\"amount\": \"100.00\", \"currency\": \"USD\"}, \"reference\": \"TRX-42\"}";
        JsonNode first = http.post().uri("/api/invoices/{id}/payments", id).header("Idempotency-Key", "pay-42")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode again = http.post().uri("/api/invoices/{id}/payments", id).header("Idempotency-Key", "pay-42")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectHeader().valueEquals("Idempotency-Replayed", "true")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(again).isEqualTo(first);
        assertThat(count("SELECT count(*) FROM invoice_payment WHERE invoice_id = '" + id + "'")).isEqualTo(1);
        assertThat(amount(get(id).get("amountPaid"))).isEqualTo("100.00");
    }

    @Test
    void onlyAnIssuedInvoiceWithoutPaymentsIsCanceledAndItsOrderStaysInvoiced() {
        JsonNode invoice = billing.invoiceOf(simple("alice"));
        String id = invoice.get("id").asString();
        String orderId = invoice.get("orderId").asString();
        for (String body : List.of("{}", "{\"reason\": \" \"}")) {
            invalid(billing.post("/api/invoices/" + id + "/cancel", body), "reason");
        }
        JsonNode canceled = http.post().uri("/api/invoices/{id}/cancel", id).header(HttpHeaders.IF_MATCH, "\"1\"")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\": \"issued in error\"}").exchange()
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"2\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(canceled.get("status").asString()).isEqualTo("CANCELED");
        assertThat(canceled.get("cancelReason").asString()).isEqualTo("issued in error");
        assertThat(canceled.get("canceledAt").asString()).isNotBlank();
        assertThat(canceled.get("number").asString()).isEqualTo(invoice.get("number").asString());
        assertThat(order(orderId).get("status").asString()).isEqualTo("INVOICED");
        // Canceled is final: not canceled again, not paid, and its order is not invoiced again.
        String canceledState = snapshot(id);
        billing.post("/api/invoices/" + id + "/cancel", "{\"reason\": \"again\"}").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.currentState").isEqualTo("CANCELED").jsonPath("$.action").isEqualTo("cancel");
        billing.pay(id, "1.00", "USD").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.currentState").isEqualTo("CANCELED");
        billing.post("/api/orders/" + orderId + "/invoice", null).expectStatus().isEqualTo(409);
        assertThat(snapshot(id)).isEqualTo(canceledState);

        // With a payment recorded (partly or fully paid) it is not canceled.
        String partly = billing.invoiceOf(simple("alice")).get("id").asString();
        billing.paid(partly, "0.01", "USD");
        String partlyState = snapshot(partly);
        billing.post("/api/invoices/" + partly + "/cancel", "{\"reason\": \"x\"}").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.currentState").isEqualTo("ISSUED")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("payments of 0.01 USD"));
        assertThat(snapshot(partly)).isEqualTo(partlyState);
        String fully = billing.invoiceOf(simple("alice")).get("id").asString();
        billing.paid(fully, "1250.00", "USD");
        billing.post("/api/invoices/" + fully + "/cancel", "{\"reason\": \"x\"}").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.currentState").isEqualTo("PAID");
    }

    @Test
    void listsAreFilteredAndPagedNewestFirst() {
        String accountId = Ids.newId().toString();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Map<String, Object> quote = simple("alice");
            quote.put("accountId", accountId);
            ids.add(billing.invoiceOf(quote).get("id").asString());
        }
        List<String> days = List.of("2026-02-27T00:00:00Z", "2026-02-28T23:59:59.999999Z", "2026-03-01T00:00:00Z",
                "2026-03-02T08:00:00Z");
        for (int i = 0; i < 4; i++) {
            db.sql("UPDATE invoice SET issued_at = '" + days.get(i) + "' WHERE id = '" + ids.get(i) + "'").then().block();
        }
        billing.paid(ids.get(1), "1250.00", "USD");
        billing.post("/api/invoices/" + ids.get(2) + "/cancel", "{\"reason\": \"x\"}").expectStatus().isOk();
        String base = "/api/invoices?accountId=" + accountId;

        assertThat(listIds(base)).containsExactly(ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        assertThat(listIds(base + "&status=PAID")).containsExactly(ids.get(1));
        assertThat(listIds(base + "&status=ISSUED")).containsExactly(ids.get(3), ids.get(0));
        assertThat(listIds(base + "&status=CANCELED")).containsExactly(ids.get(2));
        assertThat(listIds(base + "&from=2026-02-28&to=2026-03-01")).containsExactly(ids.get(2), ids.get(1));
        assertThat(listIds(base + "&to=2026-02-28")).containsExactly(ids.get(1), ids.get(0));
        assertThat(listIds(base + "&from=2026-03-02")).containsExactly(ids.get(3));
        String orderOfFirst = get(ids.get(0)).get("orderId").asString();
        assertThat(listIds("/api/invoices?orderId=" + orderOfFirst)).containsExactly(ids.get(0));
        assertThat(listIds("/api/invoices?accountId=" + Ids.newId())).isEmpty();

        // Pages of two: every invoice once, newest first, the last page without a cursor.
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = http.get().uri(base + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).exchange()
                    .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            page.get("items").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).containsExactly(ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        assertThat(pages).isEqualTo(2);

        invalid(http.get().uri(base + "&from=2026-03-02&to=2026-03-01").exchange(), "to");
        invalid(http.get().uri(base + "&status=OPEN").exchange(), "status");
        invalid(http.get().uri(base + "&from=2026-3-1").exchange(), "from");
        invalid(http.get().uri(base + "&limit=201").exchange(), "limit");
        http.get().uri("/api/invoices/{id}", Ids.newId()).exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void theBillingTopicCarriesEachOrdersStoryUnderItsId() {
        String paidOrder = billing.fulfilledOrder(simple("alice"));
        JsonNode paidInvoice = billing.invoice(paidOrder);
        billing.paid(paidInvoice.get("id").asString(), "1000.00", "USD");
        billing.paid(paidInvoice.get("id").asString(), "250.00", "USD");
        String canceledOrder = billing.fulfilledOrder(simple("bob"));
        JsonNode canceledInvoice = billing.invoice(canceledOrder);
        billing.post("/api/invoices/" + canceledInvoice.get("id").asString() + "/cancel", "{\"reason\": \"duplicate\"}")
                .expectStatus().isOk();

        List<ConsumerRecord<String, String>> records = TopicReader.readUntil(bootstrap(), Topics.BILLING_EVENTS, BOUND,
                read -> keyed(read, paidOrder).size() >= 5 && keyed(read, canceledOrder).size() >= 5);
        // One key per order, the order's and its invoice's events in the order they happened.
        assertThat(types(keyed(records, paidOrder))).containsExactly(EventTypes.ORDER_CREATED, EventTypes.ORDER_SUBMITTED,
                EventTypes.ORDER_FULFILLED, EventTypes.INVOICE_ISSUED, EventTypes.INVOICE_PAID);
        assertThat(types(keyed(records, canceledOrder))).containsExactly(EventTypes.ORDER_CREATED,
                EventTypes.ORDER_SUBMITTED, EventTypes.ORDER_FULFILLED, EventTypes.INVOICE_ISSUED,
                EventTypes.INVOICE_CANCELED);
        assertThat(keyed(records, paidOrder)).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(paidOrder);
            assertThat(TopicReader.header(r, CloudEventHeaders.SUBJECT)).isEqualTo(paidOrder);
        });

        JsonNode issued = payload(keyed(records, paidOrder).get(3));
        assertThat(issued.get("invoiceId").asString()).isEqualTo(paidInvoice.get("id").asString());
        assertThat(issued.get("orderId").asString()).isEqualTo(paidOrder);
        assertThat(issued.get("number").asString()).isEqualTo(paidInvoice.get("number").asString());
        assertThat(issued.get("dueDate").asString()).isEqualTo(paidInvoice.get("dueDate").asString());
        assertThat(issued.get("totals").get("totalAmount").get("amount").asString()).isEqualTo("1250.00");
        assertThat(issued.get("lines").get(0).get("quantity").asString()).isEqualTo("10");
        assertThat(issued.get("version").asLong()).isEqualTo(1);
        assertThat(issued.get("actor").asString()).isEqualTo("test-admin");
        JsonNode paid = payload(keyed(records, paidOrder).get(4));
        assertThat(paid.get("amountPaid").get("amount").asString()).isEqualTo("1250.00");
        assertThat(paid.get("amountPaid").get("currency").asString()).isEqualTo("USD");
        assertThat(paid.get("paidAt").asString()).isNotBlank();
        assertThat(paid.get("version").asLong()).isEqualTo(3);
        JsonNode canceled = payload(keyed(records, canceledOrder).get(4));
        assertThat(canceled.get("invoiceId").asString()).isEqualTo(canceledInvoice.get("id").asString());
        assertThat(canceled.get("number").asString()).isEqualTo(canceledInvoice.get("number").asString());
        assertThat(canceled.get("reason").asString()).isEqualTo("duplicate");
        assertThat(canceled.get("version").asLong()).isEqualTo(2);
        // A partial payment announces nothing (the contract has no payment-recorded type).
        assertThat(count("SELECT count(*) FROM outbox WHERE aggregateid = '" + paidOrder + "'")).isEqualTo(5);
    }

    // ---- helpers

    /** Three IRR lines with volume and manual discounts, a Persian write-in and 17 significant digits. */
    static Map<String, Object> rialQuote() {
        Map<String, Object> seats = line("مجوز کاربر", "250", money("48000000.00", "IRR"), money("150000000.00", "IRR"),
                money("11849000000.00", "IRR"));
        seats.put("volumeDiscount", money("1000000.00", "IRR"));
        Map<String, Object> install = line("نصب و راه‌اندازی", "1.5", money("1000000000.00", "IRR"), null,
                money("1500000000.00", "IRR"));
        Map<String, Object> perpetual = line("مجوز دائمی", "1", money("98765432109876.54", "IRR"), null,
                money("98765432109876.54", "IRR"));
        return accepted("alice", List.of(seats, install, perpetual), totals(money("98778781109876.54", "IRR"),
                money("350000000.00", "IRR"), money("98778431109876.54", "IRR")));
    }

    private WebTestClient.ResponseSpec payBody(String id, String body) {
        return billing.post("/api/invoices/" + id + "/payments", body);
    }

    private static void invalid(WebTestClient.ResponseSpec response, String field) {
        response.expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:validation")
                .jsonPath("$.errors[0].field").isEqualTo(field);
    }

    private JsonNode get(String invoiceId) {
        return http.get().uri("/api/invoices/{id}", invoiceId).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode order(String orderId) {
        return http.get().uri("/api/orders/{id}", orderId).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private List<String> listIds(String path) {
        JsonNode page = http.get().uri(path).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    /** Everything stored about an order or an invoice (by either id) — rows, payments, events — to compare. */
    private String snapshot(String id) {
        return text("SELECT coalesce((SELECT row_to_json(o)::text FROM sales_order o WHERE id = '" + id + "'), '')")
                + text("SELECT coalesce((SELECT row_to_json(i)::text FROM invoice i WHERE id = '" + id + "' OR order_id = '"
                + id + "'), '')")
                + text("SELECT coalesce(json_agg(p ORDER BY id)::text, '') FROM invoice_payment p WHERE invoice_id = '" + id + "'")
                + count("SELECT count(*) FROM outbox");
    }

    private String counter() {
        return text("SELECT coalesce(json_agg(c ORDER BY year)::text, '') FROM invoice_counter c");
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

    private static List<ConsumerRecord<String, String>> keyed(List<ConsumerRecord<String, String>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).toList();
    }

    private static List<String> types(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> TopicReader.header(r, CloudEventHeaders.TYPE)).toList();
    }

    private String bootstrap() {
        return ServiceTestInfrastructure.broker(context).getBrokersAsString();
    }
}
