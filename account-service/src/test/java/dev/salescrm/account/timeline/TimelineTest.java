package dev.salescrm.account.timeline;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TestEvents;
import dev.salescrm.platform.test.TestTokens;
import dev.salescrm.platform.test.contracts.ProducedEventContract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An account's story as its timeline tells it: qualified from a lead, a call logged over HTTP, an
 * opportunity opened and won, the order placed, the invoice issued and paid — each event published
 * to its topic as the owning service publishes it (and checked against its schema), each landing
 * newest first, once however often it is delivered, and read back a page at a time.
 */
@ServiceTest
class TimelineTest {

    static final Duration BOUND = Duration.ofSeconds(60);
    static final String ALICE = TestTokens.bearer("alice", "SALES_REP");

    @Autowired WebTestClient http;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired JsonMapper json;
    @Autowired DatabaseClient db;
    @Autowired ApplicationContext context;

    /** Every record this test published, for delivering them all again. */
    private final List<ProducerRecord<String, String>> published = new ArrayList<>();

    @Test
    void anAccountsWholeStoryIsToldNewestFirstOnceAndPageByPage() throws Exception {
        String leadId = Ids.newId().toString();
        String accountId = Ids.newId().toString();
        String contactId = Ids.newId().toString();
        publish(Topics.LEAD_EVENTS, leadId, EventTypes.LEAD_QUALIFIED, qualified(leadId, accountId, contactId));
        await().atMost(BOUND).until(() -> status("/api/accounts/" + accountId) == 200);

        // Later than the account's creation, whatever the clocks: the events below happen after it.
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(1)).plusNanos(123_456_000);
        JsonNode call = http.post().uri("/api/accounts/{id}/activities", accountId)
                .header(HttpHeaders.AUTHORIZATION, ALICE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "PHONE_CALL", "subject", "تماس معرفی محصول", "direction", "OUTBOUND",
                        "completedAt", t.toString()))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();

        String opportunityId = Ids.newId().toString();
        String quoteId = Ids.newId().toString();
        String orderId = Ids.newId().toString();
        String invoiceId = Ids.newId().toString();
        Map<String, String> revenue = money("1180000.00");
        publish(Topics.OPPORTUNITY_EVENTS, opportunityId, EventTypes.OPPORTUNITY_CREATED, map(
                "opportunityId", opportunityId, "name", "استقرار CRM", "accountId", accountId, "ownerId", "alice",
                "stage", "QUALIFY", "status", "OPEN", "probability", 10, "estimatedRevenue", money("1250000.00"),
                "estimatedCloseDate", "2027-01-31", "sourceLeadId", leadId, "version", 1,
                "occurredAt", t.plusSeconds(60).toString(), "actor", "alice"));
        publish(Topics.OPPORTUNITY_EVENTS, opportunityId, EventTypes.OPPORTUNITY_WON, map(
                "opportunityId", opportunityId, "name", "استقرار CRM", "accountId", accountId, "ownerId", "alice",
                "actualRevenue", revenue, "actualCloseDate", "2026-12-15", "quoteId", quoteId, "sourceLeadId", leadId,
                "version", 7, "occurredAt", t.plusSeconds(120).toString(), "actor", "alice"));
        publish(Topics.BILLING_EVENTS, orderId, EventTypes.ORDER_CREATED, map(
                "orderId", orderId, "orderNumber", "ORD-2026-000017", "quoteId", quoteId, "opportunityId", opportunityId,
                "accountId", accountId, "status", "ACTIVE", "totals", Map.of("totalAmount", revenue), "version", 1,
                "occurredAt", t.plusSeconds(120).plusMillis(5).toString(), "actor", "alice"));
        publish(Topics.BILLING_EVENTS, orderId, EventTypes.INVOICE_ISSUED, map(
                "invoiceId", invoiceId, "orderId", orderId, "number", "INV-2026-000042", "accountId", accountId,
                "totals", Map.of("totalAmount", revenue), "dueDate", "2027-01-15", "version", 1,
                "occurredAt", t.plusSeconds(180).toString(), "actor", "bill"));
        // As in the schema's example: no accountId — the order's account is remembered.
        publish(Topics.BILLING_EVENTS, orderId, EventTypes.INVOICE_PAID, map(
                "invoiceId", invoiceId, "orderId", orderId, "number", "INV-2026-000042", "amountPaid", revenue,
                "paidAt", "2027-01-10T08:00:00Z", "version", 3, "occurredAt", t.plusSeconds(240).toString(),
                "actor", "bill"));

        await().atMost(BOUND).until(() -> timeline(accountId).size() == 8);
        List<JsonNode> story = timeline(accountId);
        assertThat(story).extracting(e -> e.get("kind").asString()).containsExactly(
                "INVOICE_PAID", "INVOICE_ISSUED", "ORDER_PLACED", "OPPORTUNITY_WON", "OPPORTUNITY_CREATED", "ACTIVITY",
                "CONTACT_CREATED", "ACCOUNT_CREATED");
        List<Instant> times = story.stream().map(e -> Instant.parse(e.get("occurredAt").asString())).toList();
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        JsonNode paid = story.get(0);
        assertThat(paid.get("summary").asString()).isEqualTo("Invoice INV-2026-000042 paid: 1180000.00 IRR");
        assertThat(paid.get("details").get("amountPaid").get("amount").asString()).isEqualTo("1180000.00");
        assertThat(paid.get("details").get("number").asString()).isEqualTo("INV-2026-000042");
        assertThat(paid.get("refs").get("accountId").asString()).isEqualTo(accountId);
        assertThat(paid.get("refs").get("invoiceId").asString()).isEqualTo(invoiceId);
        assertThat(paid.get("actor").asString()).isEqualTo("bill");
        assertThat(paid.get("occurredAt").asString()).isEqualTo(t.plusSeconds(240).toString());
        JsonNode order = story.get(2);
        assertThat(order.get("summary").asString()).isEqualTo("Order ORD-2026-000017 placed: 1180000.00 IRR");
        assertThat(order.get("details").get("total").get("currency").asString()).isEqualTo("IRR");
        assertThat(order.get("refs").get("opportunityId").asString()).isEqualTo(opportunityId);
        JsonNode won = story.get(3);
        assertThat(won.get("summary").asString()).isEqualTo("Opportunity \"استقرار CRM\" won: 1180000.00 IRR");
        assertThat(won.get("details").get("actualRevenue").get("amount").asString()).isEqualTo("1180000.00");
        assertThat(won.get("refs").get("quoteId").asString()).isEqualTo(quoteId);
        JsonNode activity = story.get(5);
        assertThat(activity.get("id").asString()).isEqualTo(call.get("id").asString());
        assertThat(activity.get("summary").asString()).isEqualTo("Phone call (outbound): تماس معرفی محصول");
        assertThat(activity.get("actor").asString()).isEqualTo("alice");
        assertThat(activity.get("occurredAt").asString()).isEqualTo(t.toString());
        JsonNode created = story.get(7);
        assertThat(created.get("summary").asString()).isEqualTo("Account \"شرکت پروجان\" created from lead " + leadId);
        assertThat(created.get("refs").get("leadId").asString()).isEqualTo(leadId);
        assertThat(created.get("id").asString()).isEqualTo(accountId);
        // The won deal also did what it always did: the prospect is a customer now.
        assertThat(get("/api/accounts/" + accountId).get("relationshipType").asString()).isEqualTo("CUSTOMER");
        // The contact's own timeline has its creation; the account's events are not the contact's.
        assertThat(timelineOf("/api/contacts/" + contactId)).extracting(e -> e.get("kind").asString())
                .containsExactly("CONTACT_CREATED");

        // Everything delivered again (as after a relay restart): nothing is added or changed.
        double duplicatesBefore = duplicates();
        List<ProducerRecord<String, String>> again = List.copyOf(published);
        for (ProducerRecord<String, String> record : again) {
            kafka.send(record).get();
        }
        await().atMost(BOUND).until(() -> duplicates() >= duplicatesBefore + again.size());
        assertThat(timeline(accountId)).isEqualTo(story);
        assertThat(count("SELECT count(*) FROM timeline_entry WHERE account_id = '" + accountId + "'")).isEqualTo(8);

        // A page at a time: every entry once, in the same order.
        List<JsonNode> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get("/api/accounts/" + accountId + "/timeline?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(paged::add);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(paged).isEqualTo(story);
    }

    @Test
    void entriesAtTheSameInstantArePagedByIdEachOnce() throws Exception {
        String accountId = http.post().uri("/api/accounts").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Same-Time Co")).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
        String at = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS).toString();
        for (int i = 0; i < 7; i++) {
            String orderId = Ids.newId().toString();
            publish(Topics.BILLING_EVENTS, orderId, EventTypes.ORDER_CREATED, map("orderId", orderId,
                    "orderNumber", "ORD-2026-00010" + i, "quoteId", Ids.newId().toString(), "accountId", accountId,
                    "totals", Map.of("totalAmount", money(i + "00.00")), "occurredAt", at));
        }
        await().atMost(BOUND).until(() -> timeline(accountId).size() == 8);
        List<JsonNode> all = timeline(accountId);
        assertThat(all.subList(0, 7)).allSatisfy(e -> assertThat(e.get("occurredAt").asString()).isEqualTo(at));
        // Ties broken by id, descending as PostgreSQL orders uuids (byte-wise, as their lower-case text sorts).
        assertThat(all.subList(0, 7).stream().map(e -> e.get("id").asString()).toList())
                .isSortedAccordingTo(java.util.Comparator.<String>reverseOrder());

        for (int limit : new int[] {1, 2, 3}) {
            List<JsonNode> paged = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonNode page = get("/api/accounts/" + accountId + "/timeline?limit=" + limit
                        + (cursor == null ? "" : "&cursor=" + cursor));
                page.get("items").forEach(paged::add);
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
                pages++;
            } while (cursor != null && pages < 20);
            assertThat(paged).as("limit %d", limit).isEqualTo(all);
        }

        http.get().uri("/api/accounts/{id}/timeline?cursor=not-a-cursor!", accountId).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("cursor");
        http.get().uri("/api/accounts/{id}/timeline?limit=0", accountId).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
    }

    @Test
    void anAccountArrivingAfterItsEventsFindsThemOnItsTimeline() throws Exception {
        String leadId = Ids.newId().toString();
        String accountId = Ids.newId().toString();
        String orderId = Ids.newId().toString();
        String at = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS).toString();
        publish(Topics.BILLING_EVENTS, orderId, EventTypes.ORDER_CREATED, map("orderId", orderId,
                "orderNumber", "ORD-2026-000099", "quoteId", Ids.newId().toString(), "accountId", accountId,
                "totals", Map.of("totalAmount", money("10.00")), "occurredAt", at));
        await().atMost(BOUND).until(() -> count("SELECT count(*) FROM timeline_entry WHERE account_id = '" + accountId + "'") == 1);
        // Recorded, but there is no such account (yet).
        assertThat(status("/api/accounts/" + accountId + "/timeline")).isEqualTo(404);

        publish(Topics.LEAD_EVENTS, leadId, EventTypes.LEAD_QUALIFIED, qualified(leadId, accountId, Ids.newId().toString()));
        await().atMost(BOUND).until(() -> status("/api/accounts/" + accountId + "/timeline") == 200
                && timeline(accountId).size() == 3);
        assertThat(timeline(accountId)).extracting(e -> e.get("kind").asString())
                .containsExactly("ORDER_PLACED", "CONTACT_CREATED", "ACCOUNT_CREATED");
    }

    @Test
    void lostAndReopenedOpportunitiesAreToldWithTheCustomerRememberedFromEarlierEvents() throws Exception {
        String accountId = http.post().uri("/api/accounts").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Lost-Deal Co")).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
        String opportunityId = Ids.newId().toString();
        Instant t = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        publish(Topics.OPPORTUNITY_EVENTS, opportunityId, EventTypes.OPPORTUNITY_CREATED, map(
                "opportunityId", opportunityId, "name", "Pilot", "accountId", accountId, "stage", "DEVELOP",
                "status", "OPEN", "occurredAt", t.toString()));
        publish(Topics.OPPORTUNITY_EVENTS, opportunityId, EventTypes.OPPORTUNITY_STAGE_CHANGED, map(
                "opportunityId", opportunityId, "previousStage", "DEVELOP", "stage", "PROPOSE", "probability", 60,
                "version", 2, "occurredAt", t.plusSeconds(30).toString()));
        publish(Topics.OPPORTUNITY_EVENTS, opportunityId, EventTypes.OPPORTUNITY_LOST, map(
                "opportunityId", opportunityId, "accountId", accountId, "reason", "OUT_SOLD", "competitor", "Acme CRM",
                "note", "قیمت بالاتر بود", "version", 3, "occurredAt", t.plusSeconds(60).toString(), "actor", "maryam"));
        // The reopened event names no customer: the opportunity's account is remembered from the others.
        publish(Topics.OPPORTUNITY_EVENTS, opportunityId, EventTypes.OPPORTUNITY_REOPENED, map(
                "opportunityId", opportunityId, "previousStatus", "LOST", "previousStatusReason", "OUT_SOLD",
                "stage", "PROPOSE", "probability", 60, "version", 4, "occurredAt", t.plusSeconds(90).toString(),
                "actor", "maryam"));

        await().atMost(BOUND).until(() -> timeline(accountId).size() == 4);
        List<JsonNode> story = timeline(accountId);
        assertThat(story).extracting(e -> e.get("kind").asString())
                .containsExactly("OPPORTUNITY_REOPENED", "OPPORTUNITY_LOST", "OPPORTUNITY_CREATED", "ACCOUNT_CREATED");
        assertThat(story.get(0).get("summary").asString()).isEqualTo("Opportunity \"Pilot\" reopened (was LOST)");
        assertThat(story.get(0).get("refs").get("accountId").asString()).isEqualTo(accountId);
        JsonNode lost = story.get(1);
        assertThat(lost.get("summary").asString()).isEqualTo("Opportunity \"Pilot\" out-sold to Acme CRM");
        assertThat(lost.get("details").get("reason").asString()).isEqualTo("OUT_SOLD");
        assertThat(lost.get("details").get("competitor").asString()).isEqualTo("Acme CRM");
        assertThat(lost.get("details").get("note").asString()).isEqualTo("قیمت بالاتر بود");
        assertThat(lost.get("actor").asString()).isEqualTo("maryam");
        // A lost deal changes no relationship.
        assertThat(get("/api/accounts/" + accountId).get("relationshipType").asString()).isEqualTo("PROSPECT");
    }

    @Test
    void everyReaderOfTheCustomerDatabaseReadsTimelinesAndAnUnknownOneIsNotFound() {
        String accountId = http.post().uri("/api/accounts").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Readable Co", "ownerId", "bob")).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
        for (String reader : new String[] {ALICE, TestTokens.bearer("bill", "BILLING"), TestTokens.bearer("anna", "ANALYTICS")}) {
            http.get().uri("/api/accounts/{id}/timeline", accountId).header(HttpHeaders.AUTHORIZATION, reader).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.items[0].kind").isEqualTo("ACCOUNT_CREATED");
        }
        http.get().uri("/api/accounts/{id}/timeline", accountId)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("mona", "MARKETING")).exchange()
                .expectStatus().isForbidden();
        http.get().uri("/api/accounts/{id}/timeline", Ids.newId()).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:not-found");
        http.get().uri("/api/contacts/{id}/timeline", Ids.newId()).exchange().expectStatus().isNotFound();
    }

    // ---- helpers

    private Map<String, Object> qualified(String leadId, String accountId, String contactId) {
        return map("leadId", leadId, "version", 2,
                "lead", Map.of("firstName", "علی", "lastName", "رضایی", "companyName", "شرکت پروجان",
                        "email", "ali@projan.ir", "source", "TRADE_SHOW", "ownerId", "alice"),
                "account", Map.of("accountId", accountId, "mode", "NEW"),
                "contact", Map.of("contactId", contactId, "mode", "NEW"),
                "occurredAt", "2026-11-26T10:15:30Z", "actor", "alice");
    }

    /** Publishes an event as its owner would, after checking it against the published schema. */
    private void publish(String topic, String key, String type, Map<String, Object> payload) throws Exception {
        String value = json.writeValueAsString(payload);
        ProducedEventContract.check(type, value);
        ProducerRecord<String, String> record = TestEvents.record(topic, key, type, UUID.randomUUID().toString(), value);
        published.add(record);
        kafka.send(record).get();
    }

    private static Map<String, String> money(String amount) {
        return Map.of("amount", amount, "currency", "IRR");
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private List<JsonNode> timeline(String accountId) {
        return timelineOf("/api/accounts/" + accountId);
    }

    private List<JsonNode> timelineOf(String path) {
        List<JsonNode> items = new ArrayList<>();
        get(path + "/timeline?limit=200").get("items").forEach(items::add);
        return items;
    }

    private JsonNode get(String path) {
        return http.get().uri(path).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
    }

    private int status(String path) {
        return http.get().uri(path).exchange().expectBody().returnResult().getStatus().value();
    }

    private long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }

    private double duplicates() {
        var meters = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
        return meters.find("crm.inbox.duplicates").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
