package dev.salescrm.opportunity.opportunity;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

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
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TestTokens;
import dev.salescrm.platform.test.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An opportunity worked through the sales process over HTTP: stages one step at a time (with who
 * and when), won, lost with a competitor, reopened — every legal and illegal step — and the
 * pipeline summed per stage and currency, checked against figures worked out by hand.
 */
@ServiceTest
class OpportunityLifecycleTest {

    static final String ALICE = TestTokens.bearer("alice", "SALES_REP");
    static final String BOB = TestTokens.bearer("bob", "SALES_REP");
    static final String MARYAM = TestTokens.bearer("maryam", "SALES_MANAGER");

    @Autowired WebTestClient http;
    @Autowired DatabaseClient db;
    @Autowired JsonMapper json;
    @Autowired ApplicationContext context;

    /** An open opportunity as the saga or a later create would leave it (the create endpoint comes with quotes). */
    private UUID seed(String owner, String stage, int probability, String amount, String currency, String closeDate,
                      String statusReason) {
        UUID id = Ids.newId();
        String status = statusReason.equals("IN_PROGRESS") ? "OPEN" : statusReason.equals("WON") ? "WON" : "LOST";
        var spec = db.sql("""
                        INSERT INTO opportunity (id, name, account_id, owner_id, stage, status, status_reason, probability,
                                                 estimated_revenue_amount, estimated_revenue_currency, estimated_close_date,
                                                 version, created_at, created_by, updated_at)
                        VALUES (:id, :name, :account, :owner, :stage, :status, :reason, :probability,
                                CAST(:amount AS numeric), :currency, CAST(:closeDate AS date), 1, now(), :owner, now())
                        """)
                .bind("id", id).bind("name", "فرصت " + id).bind("account", Ids.newId()).bind("owner", owner)
                .bind("stage", stage).bind("status", status).bind("reason", statusReason)
                .bind("probability", (short) probability);
        spec = amount == null ? spec.bindNull("amount", String.class).bindNull("currency", String.class)
                : spec.bind("amount", amount).bind("currency", currency);
        spec = closeDate == null ? spec.bindNull("closeDate", String.class) : spec.bind("closeDate", closeDate);
        spec.fetch().rowsUpdated().block();
        return id;
    }

    private WebTestClient.ResponseSpec post(String token, UUID id, String verb, Object body, String ifMatch) {
        var request = http.post().uri("/api/opportunities/{id}/" + verb, id).header(HttpHeaders.AUTHORIZATION, token);
        if (ifMatch != null) {
            request = request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        return body == null ? request.exchange() : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private JsonNode ok(WebTestClient.ResponseSpec response) {
        return response.expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private long count(String sql, UUID id) {
        return db.sql(sql).bind("id", id).map(r -> r.get(0, Long.class)).one().block();
    }

    @Autowired org.springframework.kafka.core.KafkaTemplate<String, String> kafka;

    @Test
    void anOpportunityIsOpenedDirectlyOnlyForACustomerThisServiceKnows() throws Exception {
        String accountId = Ids.newId().toString();
        kafka.send(dev.salescrm.platform.test.TestEvents.record(Topics.ACCOUNT_EVENTS, accountId, EventTypes.ACCOUNT_CREATED,
                UUID.randomUUID().toString(), json.writeValueAsString(Map.of("accountId", accountId, "name", "شرکت پروجان",
                        "version", 1, "occurredAt", "2026-11-26T10:15:30Z")))).get();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> db.sql(
                "SELECT count(*) FROM known_customer WHERE id = CAST(:id AS uuid)").bind("id", accountId)
                .map(r -> r.get(0, Long.class)).one().block() == 1);

        Map<String, Object> body = Map.of("name", "فروش مستقیم", "accountId", accountId,
                "estimatedRevenue", Map.of("amount", "500000000", "currency", "IRR"), "estimatedCloseDate", "2027-01-31");
        JsonNode created = http.post().uri("/api/opportunities").header(HttpHeaders.AUTHORIZATION, ALICE)
                .header("Idempotency-Key", "open-direct-1").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated().expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(created.get("name").asString()).isEqualTo("فروش مستقیم");
        assertThat(created.get("ownerId").asString()).isEqualTo("alice");
        assertThat(created.get("stage").asString()).isEqualTo("QUALIFY");
        assertThat(created.at("/estimatedRevenue/amount").asString()).isEqualTo("500000000.00");
        // The same key and body: the stored answer, nothing opened twice.
        http.post().uri("/api/opportunities").header(HttpHeaders.AUTHORIZATION, ALICE)
                .header("Idempotency-Key", "open-direct-1").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated().expectHeader().valueEquals("Idempotency-Replayed", "true");
        assertThat(db.sql("SELECT count(*) FROM opportunity WHERE name = 'فروش مستقیم'").map(r -> r.get(0, Long.class))
                .one().block()).isEqualTo(1);
        assertThat(eventOf(UUID.fromString(created.get("id").asString()), EventTypes.OPPORTUNITY_CREATED)
                .get("accountId").asString()).isEqualTo(accountId);

        http.post().uri("/api/opportunities").header(HttpHeaders.AUTHORIZATION, ALICE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Ghost", "accountId", Ids.newId().toString())).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("accountId");
        http.post().uri("/api/opportunities").header(HttpHeaders.AUTHORIZATION, ALICE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Both", "accountId", accountId, "contactId", Ids.newId().toString())).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("accountId");
        http.post().uri("/api/opportunities").header(HttpHeaders.AUTHORIZATION, ALICE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "For Bob", "accountId", accountId, "ownerId", "bob")).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.field").isEqualTo("ownerId");
        http.post().uri("/api/opportunities").header(HttpHeaders.AUTHORIZATION, MARYAM).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Assigned to Bob", "accountId", accountId, "ownerId", "bob")).exchange()
                .expectStatus().isCreated().expectBody().jsonPath("$.ownerId").isEqualTo("bob");
    }

    @Test
    void stagesMoveOneStepAtATimeAndEachStepIsRecordedWithWhoAndWhen() {
        UUID id = seed("alice", "QUALIFY", 10, "1000.00", "USD", "2027-01-31", "IN_PROGRESS");

        JsonNode developing = ok(post(ALICE, id, "stage", Map.of("stage", "DEVELOP"), "\"1\""));
        assertThat(developing.get("stage").asString()).isEqualTo("DEVELOP");
        assertThat(developing.get("probability").asInt()).isEqualTo(30);
        assertThat(developing.get("version").asLong()).isEqualTo(2);

        post(ALICE, id, "stage", Map.of("stage", "CLOSE"), null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.currentState").isEqualTo("OPEN/DEVELOP")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("one stage at a time"));
        post(ALICE, id, "stage", Map.of("stage", "PROPOSE"), "\"1\"").expectStatus().isEqualTo(412);
        post(ALICE, id, "stage", Map.of("stage", "SLEEP"), null).expectStatus().isBadRequest();
        ok(post(ALICE, id, "stage", Map.of("stage", "QUALIFY"), "\"2\""));

        assertThat(count("SELECT count(*) FROM opportunity_stage_change WHERE opportunity_id = :id AND changed_by = 'alice'", id))
                .isEqualTo(2);
        JsonNode event = eventOf(id, EventTypes.OPPORTUNITY_STAGE_CHANGED);
        assertThat(event.get("previousStage").asString()).isIn("QUALIFY", "DEVELOP");
        // Another rep's opportunity does not exist for them, whatever they try.
        post(BOB, id, "stage", Map.of("stage", "DEVELOP"), null).expectStatus().isNotFound();
    }

    @Test
    void wonLostAndReopenedFollowTheTransitionTableAndKeepEveryCloseRecord() {
        UUID id = seed("alice", "PROPOSE", 60, "1250000000.00", "IRR", "2027-02-28", "IN_PROGRESS");

        post(ALICE, id, "win", Map.of("actualRevenue", Map.of("amount", "-1", "currency", "IRR")), null)
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("actualRevenue");
        post(ALICE, id, "lose", Map.of("reason", "WON"), null)
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");

        // More decimals than the rial's minor units is refused, never rounded to a revenue nobody wrote.
        post(ALICE, id, "win", Map.of("actualRevenue", Map.of("amount", "1199999999.995", "currency", "IRR")), null)
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("actualRevenue.amount");

        JsonNode won = ok(post(ALICE, id, "win", Map.of("actualRevenue", Map.of("amount", "1200000000", "currency", "IRR"),
                "actualCloseDate", "2026-11-26", "note", "قرارداد امضا شد"), "\"1\""));
        assertThat(won.get("status").asString()).isEqualTo("WON");
        assertThat(won.get("probability").asInt()).isEqualTo(100);
        assertThat(won.at("/actualRevenue/amount").asString()).isEqualTo("1200000000.00");
        assertThat(won.at("/actualRevenue/currency").asString()).isEqualTo("IRR");
        JsonNode wonEvent = eventOf(id, EventTypes.OPPORTUNITY_WON);
        assertThat(wonEvent.at("/actualRevenue/amount").asString()).isEqualTo("1200000000.00");
        assertThat(wonEvent.get("actualCloseDate").asString()).isEqualTo("2026-11-26");

        post(ALICE, id, "win", Map.of("actualRevenue", Map.of("amount", "1", "currency", "IRR")), null)
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.currentState").isEqualTo("WON/PROPOSE");
        post(ALICE, id, "lose", Map.of("reason", "LOST"), null).expectStatus().isEqualTo(409);
        post(ALICE, id, "stage", Map.of("stage", "CLOSE"), null).expectStatus().isEqualTo(409);

        JsonNode reopened = ok(post(ALICE, id, "reopen", null, "\"2\""));
        assertThat(reopened.get("status").asString()).isEqualTo("OPEN");
        assertThat(reopened.get("probability").asInt()).isEqualTo(60);
        assertThat(reopened.get("actualCloseDate").isNull()).isTrue();
        assertThat(reopened.get("actualRevenue").isNull()).isTrue();
        post(ALICE, id, "reopen", null, null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.currentState").isEqualTo("OPEN/PROPOSE");

        JsonNode lost = ok(post(ALICE, id, "lose", Map.of("reason", "OUT_SOLD", "competitor", "رقیب بزرگ", "note", "cheaper"), null));
        assertThat(lost.get("statusReason").asString()).isEqualTo("OUT_SOLD");
        JsonNode lostEvent = eventOf(id, EventTypes.OPPORTUNITY_LOST);
        assertThat(lostEvent.get("competitor").asString()).isEqualTo("رقیب بزرگ");
        assertThat(eventOf(id, EventTypes.OPPORTUNITY_REOPENED).get("previousStatus").asString()).isEqualTo("WON");

        assertThat(count("SELECT count(*) FROM opportunity_close WHERE opportunity_id = :id", id)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM opportunity_close WHERE opportunity_id = :id AND outcome = 'WON' "
                + "AND actual_revenue_amount = 1200000000.00 AND actual_revenue_currency = 'IRR'", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM opportunity_close WHERE opportunity_id = :id AND outcome = 'OUT_SOLD' "
                + "AND competitor = 'رقیب بزرگ' AND actual_revenue_amount IS NULL", id)).isEqualTo(1);
        post(ALICE, UUID.randomUUID(), "reopen", null, null).expectStatus().isNotFound();
    }

    @Test
    void thePipelineSumsOpenOpportunitiesPerStageAndCurrencyAsWorkedOutByHand() {
        // All in 2031, so that other tests' opportunities stay out of the date range.
        seed("p-alice", "QUALIFY", 10, "1000000000.00", "IRR", "2031-01-15", "IN_PROGRESS");
        seed("p-alice", "QUALIFY", 10, "250000000.50", "IRR", "2031-02-15", "IN_PROGRESS");
        seed("p-alice", "QUALIFY", 10, "999.00", "IRR", "2031-02-15", "LOST");              // closed: not in the pipeline
        seed("p-alice", "DEVELOP", 30, "1000", "JPY", "2031-03-15", "IN_PROGRESS");
        seed("p-alice", "DEVELOP", 30, null, null, "2031-03-15", "IN_PROGRESS");            // counted, no revenue
        seed("p-alice", "PROPOSE", 60, "1000.00", "USD", "2031-04-15", "IN_PROGRESS");
        seed("p-bob", "PROPOSE", 60, "333.33", "USD", "2031-05-15", "IN_PROGRESS");
        seed("p-bob", "CLOSE", 80, "1.2345", "KWD", "2031-06-15", "IN_PROGRESS");
        seed("p-bob", "CLOSE", 80, "5.000", "KWD", "2032-01-15", "IN_PROGRESS");              // outside the range

        JsonNode all = pipeline(MARYAM, "?from=2031-01-01&to=2031-12-31");
        // QUALIFY: 2 × IRR; weighted 10 % of 1,250,000,000.50 = 125,000,000.05
        assertStage(all, 0, "QUALIFY", 2, "IRR", 2, "1250000000.50", "125000000.05");
        assertStage(all, 1, "DEVELOP", 2, "JPY", 1, "1000", "300");
        // PROPOSE: 1000.00 + 333.33; weighted 600 + 199.998 = 799.998 → 800.00 (rounded once, at the end)
        assertStage(all, 2, "PROPOSE", 2, "USD", 2, "1333.33", "800.00");
        // CLOSE: KWD has three minor units: 1.2345 → 1.234 (half-even); 80 % → 0.9876 → 0.988
        assertStage(all, 3, "CLOSE", 1, "KWD", 1, "1.234", "0.988");

        JsonNode bobs = pipeline(MARYAM, "?ownerId=p-bob&from=2031-01-01&to=2031-12-31");
        assertThat(bobs.at("/stages/0/count").asLong()).isZero();
        assertStage(bobs, 2, "PROPOSE", 1, "USD", 1, "333.33", "200.00");

        // A rep sees their own pipeline only, and cannot ask for another's.
        http.get().uri("/api/pipeline?ownerId=p-bob").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("p-alice", "SALES_REP"))
                .exchange().expectStatus().isForbidden();
        JsonNode alices = pipeline(TestTokens.bearer("p-alice", "SALES_REP"), "?from=2031-01-01&to=2031-12-31");
        assertStage(alices, 2, "PROPOSE", 1, "USD", 1, "1000.00", "600.00");
        assertThat(alices.at("/stages/3/count").asLong()).isZero();

        http.get().uri("/api/pipeline?from=2031-12-31&to=2031-01-01").header(HttpHeaders.AUTHORIZATION, MARYAM)
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("from");
    }

    private JsonNode pipeline(String token, String query) {
        return http.get().uri("/api/pipeline" + query).header(HttpHeaders.AUTHORIZATION, token).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static void assertStage(JsonNode pipeline, int index, String stage, long count, String currency,
                                    long currencyCount, String revenue, String weighted) {
        JsonNode s = pipeline.get("stages").get(index);
        assertThat(s.get("stage").asString()).isEqualTo(stage);
        assertThat(s.get("count").asLong()).as(stage + " count").isEqualTo(count);
        assertThat(s.get("byCurrency")).as(stage + " currencies").hasSize(1);
        JsonNode c = s.get("byCurrency").get(0);
        assertThat(c.get("currency").asString()).isEqualTo(currency);
        assertThat(c.get("count").asLong()).isEqualTo(currencyCount);
        assertThat(c.at("/estimatedRevenue/amount").asString()).as(stage + " revenue").isEqualTo(revenue);
        assertThat(c.at("/weightedRevenue/amount").asString()).as(stage + " weighted").isEqualTo(weighted);
        assertThat(c.at("/weightedRevenue/currency").asString()).isEqualTo(currency);
    }

    private JsonNode eventOf(UUID id, String type) {
        String bootstrap = ServiceTestInfrastructure.broker(context).getBrokersAsString();
        return TopicReader.readUntil(bootstrap, Topics.OPPORTUNITY_EVENTS, Duration.ofSeconds(30), records -> records.stream()
                        .anyMatch(r -> id.toString().equals(r.key()) && type.equals(TopicReader.header(r, "ce_type"))))
                .stream().filter(r -> id.toString().equals(r.key()) && type.equals(TopicReader.header(r, "ce_type")))
                .map(r -> json.readTree(r.value())).reduce((a, b) -> b).orElseThrow();
    }
}
