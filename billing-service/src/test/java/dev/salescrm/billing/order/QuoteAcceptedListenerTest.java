package dev.salescrm.billing.order;

import static dev.salescrm.billing.order.AcceptedQuotes.accepted;
import static dev.salescrm.billing.order.AcceptedQuotes.line;
import static dev.salescrm.billing.order.AcceptedQuotes.money;
import static dev.salescrm.billing.order.AcceptedQuotes.simple;
import static dev.salescrm.billing.order.AcceptedQuotes.totals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.contracts.schema.EventSchemas;
import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.inbox.DeadLetters;
import dev.salescrm.platform.inbox.PoisonEventException;
import dev.salescrm.platform.outbox.OutboxEvent;
import dev.salescrm.platform.outbox.OutgoingEventCheck;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TestEvents;
import dev.salescrm.platform.test.TopicReader;
import dev.salescrm.platform.test.contracts.EventContractAutoConfiguration;

/**
 * Deal closure, billing side, driven the way opportunity-service drives it: a
 * {@code crm.quote.accepted.v1} record on the opportunity topic, the order read back over HTTP and
 * its {@code crm.order.created.v1} read off the billing topic.
 */
@ServiceTest
class QuoteAcceptedListenerTest {

    static final Duration BOUND = Duration.ofSeconds(60);

    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired DatabaseClient db;
    @Autowired JsonMapper json;
    @Autowired WebTestClient http;
    @Autowired ApplicationContext context;

    @Test
    void aQuoteAcceptedThreeTimesBecomesOneOrderAndOneEvent() throws Exception {
        Map<String, Object> quote = simple("alice");
        String orderId = (String) quote.get("orderId");
        String eventId = UUID.randomUUID().toString();

        send(eventId, quote);
        send(eventId, quote); // redelivered
        send(eventId, quote); // and again
        // The same acceptance announced again under a new event id (a republished outbox row, say).
        String sameOrderEvent = UUID.randomUUID().toString();
        send(sameOrderEvent, quote);

        await().atMost(BOUND).until(() -> inboxed(eventId) && inboxed(sameOrderEvent));
        assertThat(count("SELECT count(*) FROM sales_order WHERE id = '" + orderId + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM sales_order WHERE quote_id = '" + quote.get("quoteId") + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM sales_order_line WHERE order_id = '" + orderId + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM outbox WHERE aggregateid = '" + orderId + "' AND type = '"
                + EventTypes.ORDER_CREATED + "'")).isEqualTo(1);

        // Once everything the outbox holds is published, the topic holds exactly one created event for the order.
        await().atMost(BOUND).until(() -> count("SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0);
        List<ConsumerRecord<String, String>> created = createdEventsUntil(records -> ofOrder(records, orderId).size() >= 1);
        assertThat(ofOrder(created, orderId)).hasSize(1);
        ConsumerRecord<String, String> event = ofOrder(created, orderId).getFirst();
        assertThat(TopicReader.header(event, CloudEventHeaders.TYPE)).isEqualTo(EventTypes.ORDER_CREATED);
        assertThat(TopicReader.header(event, CloudEventHeaders.SOURCE)).isEqualTo("/crm/billing-service");
        JsonNode payload = json.readTree(event.value());
        assertThat(payload.get("orderId").asString()).isEqualTo(orderId);
        assertThat(payload.get("quoteId").asString()).isEqualTo(quote.get("quoteId"));
        assertThat(payload.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(payload.get("version").asLong()).isEqualTo(1);
        assertThat(payload.get("actor").asString()).isEqualTo("alice");
        assertThat(payload.get("orderNumber").asString()).matches("ORD-\\d{4}-\\d{6}");
    }

    @Test
    void theOrderKeepsTheAcceptedLinesAndTotalsToTheDigit() throws Exception {
        // Rial in the billions, a Persian write-in line, volume and manual discounts.
        Map<String, Object> seats = line("مجوز کاربر سامانه مدیریت ارتباط با مشتری", "250",
                money("48000000.00", "IRR"), money("150000000.00", "IRR"), money("11850000000.00", "IRR"));
        seats.put("sku", "CRM-SEAT-۱");
        seats.put("volumeDiscount", money("0.00", "IRR"));
        Map<String, Object> writeIn = new LinkedHashMap<>();
        writeIn.put("lineId", Ids.newId().toString());
        writeIn.put("description", "نصب و راه‌اندازی در محل مشتری — تهران");
        writeIn.put("quantity", "1.5");
        writeIn.put("pricePerUnit", money("1000000000.00", "IRR"));
        writeIn.put("extendedAmount", money("1500000000.00", "IRR"));
        // Seventeen significant digits: more than a double holds, so only exact decimals keep it.
        Map<String, Object> perpetual = line("مجوز دائمی سازمانی", "1", money("98765432109876.54", "IRR"), null,
                money("98765432109876.54", "IRR"));
        Map<String, Object> rial = accepted("alice", List.of(seats, writeIn, perpetual),
                totals(money("98778782109876.54", "IRR"), money("350000000.00", "IRR"), money("98778432109876.54", "IRR")));
        // Dinar with three decimals, yen with none.
        Map<String, Object> dinar = accepted("bob", List.of(line("Support, per hour", "12", money("37.125", "KWD"),
                        money("0.500", "KWD"), money("445.000", "KWD"))),
                totals(money("445.000", "KWD"), money("0.000", "KWD"), money("445.000", "KWD")));
        Map<String, Object> yen = accepted("bob", List.of(line("ライセンス", "3", money("19800", "JPY"), null,
                        money("59400", "JPY"))),
                totals(money("59400", "JPY"), money("0", "JPY"), money("59400", "JPY")));
        for (Map<String, Object> quote : List.of(rial, dinar, yen)) {
            send(UUID.randomUUID().toString(), quote);
        }

        for (Map<String, Object> quote : List.of(rial, dinar, yen)) {
            JsonNode order = awaitOrder((String) quote.get("orderId"));
            assertSameDocument(order, quote);
            assertThat(order.get("status").asString()).isEqualTo("ACTIVE");
            assertThat(order.get("version").asLong()).isEqualTo(1);
            assertThat(order.get("name").asString()).isEqualTo("پیشنهاد استقرار CRM");
            for (String id : List.of("quoteId", "opportunityId", "accountId", "contactId", "priceListId", "ownerId")) {
                assertThat(order.get(id).asString()).as(id).isEqualTo(quote.get(id));
            }
        }
        JsonNode rialOrder = awaitOrder((String) rial.get("orderId"));
        assertThat(rialOrder.get("currency").asString()).isEqualTo("IRR");
        assertThat(rialOrder.get("lines").get(0).get("sku").asString()).isEqualTo("CRM-SEAT-۱");
        assertThat(rialOrder.get("lines").get(1).get("productId").isNull()).isTrue();
        assertThat(rialOrder.get("lines").get(0).get("extendedAmount").get("amount").asString()).isEqualTo("11850000000.00");
        assertThat(rialOrder.get("totals").get("totalAmount").get("amount").asString()).isEqualTo("98778432109876.54");

        // The announced order says the same, to the digit, and keeps its published schema.
        EventSchemas schemas = EventSchemas.fromClasspath();
        List<ConsumerRecord<String, String>> created = createdEventsUntil(records ->
                List.of(rial, dinar, yen).stream().allMatch(q -> !ofOrder(records, (String) q.get("orderId")).isEmpty()));
        for (Map<String, Object> quote : List.of(rial, dinar, yen)) {
            ConsumerRecord<String, String> record = ofOrder(created, (String) quote.get("orderId")).getFirst();
            assertThat(schemas.validate(EventTypes.ORDER_CREATED, record.value())).isEmpty();
            JsonNode payload = json.readTree(record.value());
            assertSameDocument(payload, quote);
            assertThat(payload.get("orderNumber").asString())
                    .isEqualTo(awaitOrder((String) quote.get("orderId")).get("orderNumber").asString());
        }
    }

    @Test
    void aMalformedEventIsParkedAndTheConsumerCarriesOn() throws Exception {
        String opportunityId = Ids.newId().toString();
        Map<String, Object> noOrderId = onOpportunity(simple("alice"), opportunityId);
        noOrderId.remove("orderId");
        Map<String, Object> floatMoney = onOpportunity(simple("alice"), opportunityId);
        floatMoney.put("totals", Map.of("totalAmount", Map.of("amount", 1250.0, "currency", "USD")));
        Map<String, Object> tooPrecise = onOpportunity(simple("alice"), opportunityId);
        tooPrecise.put("totals", Map.of("totalAmount", money("1250.005", "USD")));
        Map<String, Object> twoCurrencies = onOpportunity(simple("alice"), opportunityId);
        twoCurrencies.put("totals", Map.of("totalAmount", money("1250.00", "EUR")));
        Map<String, Object> first = onOpportunity(simple("alice"), opportunityId);
        // The same quote under another order id: one accepted quote never becomes two orders.
        Map<String, Object> secondOrderForTheQuote = new LinkedHashMap<>(first);
        secondOrderForTheQuote.put("orderId", Ids.newId().toString());
        Map<String, Object> good = onOpportunity(simple("alice"), opportunityId);

        List<String> broken = new ArrayList<>();
        for (Map<String, Object> bad : List.of(noOrderId, floatMoney, tooPrecise, twoCurrencies)) {
            String eventId = UUID.randomUUID().toString();
            broken.add(eventId);
            send(eventId, opportunityId, json.writeValueAsString(bad));
        }
        String notJson = UUID.randomUUID().toString();
        broken.add(notJson);
        send(notJson, opportunityId, "{\"orderId\": ");
        send(UUID.randomUUID().toString(), first);
        String duplicateQuote = UUID.randomUUID().toString();
        broken.add(duplicateQuote);
        send(duplicateQuote, secondOrderForTheQuote);
        // Another type on the same topic: taken in, passed over.
        String won = UUID.randomUUID().toString();
        send(won, EventTypes.OPPORTUNITY_WON, opportunityId, json.writeValueAsString(Map.of("opportunityId", opportunityId,
                "actualRevenue", money("1250.00", "USD"), "occurredAt", "2026-11-26T10:15:30Z")));
        send(UUID.randomUUID().toString(), good);

        // Behind all of them on the same partition, the good one is still placed.
        awaitOrder((String) good.get("orderId"));
        awaitOrder((String) first.get("orderId"));
        var parked = TopicReader.readUntil(bootstrap(), DeadLetters.topicFor(Topics.OPPORTUNITY_EVENTS), BOUND,
                        read -> broken.stream().allMatch(id -> read.stream()
                                .anyMatch(r -> id.equals(TopicReader.header(r, CloudEventHeaders.ID)))))
                .stream().filter(r -> r.key().equals(opportunityId)).toList();
        // Parked as poison, at once: retrying cannot mend them.
        assertThat(parked).allSatisfy(record -> {
            assertThat(TopicReader.header(record, "kafka_dlt-exception-cause-fqcn"))
                    .isEqualTo(PoisonEventException.class.getName());
            assertThat(TopicReader.header(record, "kafka_dlt-exception-message")).isNotBlank();
        });
        assertThat(parked.stream().filter(r -> duplicateQuote.equals(TopicReader.header(r, CloudEventHeaders.ID)))
                .map(r -> TopicReader.header(r, "kafka_dlt-exception-message")).findFirst().orElseThrow())
                .contains("the quote already became another order");
        assertThat(parked.stream().map(r -> TopicReader.header(r, CloudEventHeaders.ID)))
                .containsExactlyInAnyOrderElementsOf(broken).doesNotContain(won);
        assertThat(count("SELECT count(*) FROM inbox WHERE event_id = '" + won + "'")).isEqualTo(1);
        // Nothing of the broken events stayed: no order, no inbox row to make a fixed resend look done.
        assertThat(count("SELECT count(*) FROM sales_order WHERE opportunity_id = '" + opportunityId + "'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM sales_order WHERE id = '" + secondOrderForTheQuote.get("orderId") + "'"))
                .isZero();
        for (String id : broken) {
            assertThat(count("SELECT count(*) FROM inbox WHERE event_id = '" + id + "'")).as(id).isZero();
        }
    }

    @Test
    void everyEventTheOutboxTakesIsHeldToItsPublishedSchema() {
        // platform-test registers the check in every service test context, and the outbox runs it.
        OutgoingEventCheck check = context.getBean(EventContractAutoConfiguration.BEAN_NAME, OutgoingEventCheck.class);
        OutboxEvent event = OutboxEvent.of(Topics.BILLING_EVENTS, "order", Ids.newId(), EventTypes.ORDER_CREATED, Map.of());
        String missingOrderId = "{\"quoteId\":\"" + Ids.newId() + "\",\"occurredAt\":\"2026-11-26T10:15:30Z\"}";
        assertThatThrownBy(() -> check.check(event, missingOrderId)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("orderId");
        String floatAmount = "{\"orderId\":\"" + Ids.newId() + "\",\"quoteId\":\"" + Ids.newId()
                + "\",\"occurredAt\":\"2026-11-26T10:15:30Z\",\"totals\":{\"totalAmount\":{\"amount\":12.5,\"currency\":\"USD\"}}}";
        assertThatThrownBy(() -> check.check(event, floatAmount)).isInstanceOf(AssertionError.class);
    }

    // ---- helpers

    /** Lines and totals as sent: every id, text, quantity and amount string the same. */
    @SuppressWarnings("unchecked")
    private void assertSameDocument(JsonNode document, Map<String, Object> quote) {
        List<Map<String, Object>> lines = (List<Map<String, Object>>) quote.get("lines");
        assertThat(document.get("lines")).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = document.get("lines").get(i);
            for (Map.Entry<String, Object> field : lines.get(i).entrySet()) {
                JsonNode value = line.get(field.getKey());
                if (field.getValue() instanceof Map<?, ?> money) {
                    assertThat(value.get("amount").asString()).as("line %d %s", i, field.getKey()).isEqualTo(money.get("amount"));
                    assertThat(value.get("currency").asString()).isEqualTo(money.get("currency"));
                } else {
                    assertThat(value.asString()).as("line %d %s", i, field.getKey()).isEqualTo(field.getValue());
                }
            }
        }
        Map<String, Map<String, String>> totals = (Map<String, Map<String, String>>) quote.get("totals");
        for (Map.Entry<String, Map<String, String>> total : totals.entrySet()) {
            JsonNode value = document.get("totals").get(total.getKey());
            assertThat(value.get("amount").asString()).as(total.getKey()).isEqualTo(total.getValue().get("amount"));
            assertThat(value.get("currency").asString()).isEqualTo(total.getValue().get("currency"));
        }
    }

    private static Map<String, Object> onOpportunity(Map<String, Object> quote, String opportunityId) {
        Map<String, Object> copy = new LinkedHashMap<>(quote);
        copy.put("opportunityId", opportunityId);
        return copy;
    }

    private JsonNode awaitOrder(String orderId) {
        await().atMost(BOUND).until(() -> count("SELECT count(*) FROM sales_order WHERE id = '" + orderId + "'") == 1);
        return http.get().uri("/api/orders/{id}", orderId).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private List<ConsumerRecord<String, String>> createdEventsUntil(
            java.util.function.Predicate<List<ConsumerRecord<String, String>>> done) {
        return TopicReader.readUntil(bootstrap(), Topics.BILLING_EVENTS, BOUND, done);
    }

    private static List<ConsumerRecord<String, String>> ofOrder(List<ConsumerRecord<String, String>> records, String orderId) {
        return records.stream().filter(r -> orderId.equals(r.key())
                && EventTypes.ORDER_CREATED.equals(TopicReader.header(r, CloudEventHeaders.TYPE))).toList();
    }

    private void send(String eventId, Map<String, Object> quote) throws Exception {
        send(eventId, (String) quote.get("opportunityId"), json.writeValueAsString(quote));
    }

    private void send(String eventId, String key, String value) throws Exception {
        send(eventId, EventTypes.QUOTE_ACCEPTED, key, value);
    }

    private void send(String eventId, String type, String key, String value) throws Exception {
        kafka.send(TestEvents.record(Topics.OPPORTUNITY_EVENTS, key, type, eventId, value)).get();
    }

    private boolean inboxed(String eventId) {
        return count("SELECT count(*) FROM inbox WHERE consumer = '" + QuoteAcceptedListener.CONSUMER
                + "' AND event_id = '" + eventId + "'") == 1;
    }

    private long count(String sql) {
        return db.sql(sql).map(row -> row.get(0, Long.class)).one().block();
    }

    private String bootstrap() {
        return ServiceTestInfrastructure.broker(context).getBrokersAsString();
    }
}
