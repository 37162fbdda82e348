package dev.salescrm.opportunity.activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import dev.salescrm.opportunity.activity.domain.Activity;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.persistence.SqlValues;
import dev.salescrm.platform.security.AccessRules;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Activities about an opportunity over HTTP: logged planned or done, completed once, listed newest
 * first a page at a time, validated as lead activities are, stored in full Unicode and UTC, on open
 * and closed opportunities alike — and seen only by whoever may see the opportunity.
 */
@ServiceTest
class ActivityApiTest {

    static final String ALICE = TestTokens.bearer("alice", "SALES_REP");
    static final String BOB = TestTokens.bearer("bob", "SALES_REP");
    static final String MARYAM = TestTokens.bearer("maryam", "SALES_MANAGER");
    static final String ANNA = TestTokens.bearer("anna", "ANALYTICS");
    static final String BILL = TestTokens.bearer("bill", "BILLING");
    static final String MONA = TestTokens.bearer("mona", "MARKETING");
    static final String CARL = TestTokens.bearer("carl", "CATALOG_ADMIN");

    @Autowired WebTestClient http;
    @Autowired DatabaseClient db;
    @Autowired AccessRules rules;
    @Autowired ActivityRepository repository;

    private UUID seed(String owner, String statusReason) {
        UUID id = Ids.newId();
        String status = statusReason.equals("IN_PROGRESS") ? "OPEN" : statusReason.equals("WON") ? "WON" : "LOST";
        db.sql("""
                        INSERT INTO opportunity (id, name, account_id, owner_id, stage, status, status_reason, probability,
                                                 version, created_at, created_by, updated_at)
                        VALUES (:id, 'فرصت فروش', :account, :owner, 'DEVELOP', :status, :reason, 30, 1, now(), :owner, now())
                        """)
                .bind("id", id).bind("account", Ids.newId()).bind("owner", SqlValues.text(owner))
                .bind("status", status).bind("reason", statusReason)
                .fetch().rowsUpdated().block();
        return id;
    }

    private WebTestClient.ResponseSpec log(String token, UUID opportunityId, Object body) {
        return http.post().uri("/api/opportunities/{id}/activities", opportunityId).header(HttpHeaders.AUTHORIZATION, token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private JsonNode logged(String token, UUID opportunityId, Object body) {
        return log(token, opportunityId, body).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec complete(String token, UUID opportunityId, String activityId) {
        return http.post().uri("/api/opportunities/{id}/activities/{a}/complete", opportunityId, activityId)
                .header(HttpHeaders.AUTHORIZATION, token).exchange();
    }

    private WebTestClient.ResponseSpec list(String token, UUID opportunityId, String query) {
        return http.get().uri("/api/opportunities/{id}/activities" + query, opportunityId)
                .header(HttpHeaders.AUTHORIZATION, token).exchange();
    }

    private long count(UUID opportunityId) {
        return db.sql("SELECT count(*) FROM opportunity_activity WHERE opportunity_id = :id").bind("id", opportunityId)
                .map(r -> r.get(0, Long.class)).one().block();
    }

    private Map<String, Object> row(String activityId) {
        return db.sql("SELECT * FROM opportunity_activity WHERE id = CAST(:id AS uuid)").bind("id", activityId)
                .fetch().one().block();
    }

    @Test
    void aPlannedCallIsLoggedThenCompletedOnce() {
        UUID opportunity = seed("alice", "IN_PROGRESS");
        var response = log(ALICE, opportunity, Map.of("type", "PHONE_CALL", "subject", "پیگیری پیش‌فاکتور",
                "description", "تماس با مدیر خرید درباره‌ی تخفیف حجمی", "direction", "OUTBOUND",
                "scheduledAt", "2026-12-01T09:30:00Z")).expectStatus().isCreated();
        JsonNode call = response.expectBody(JsonNode.class).returnResult().getResponseBody();
        String id = call.get("id").asString();
        response.expectHeader().valueEquals(HttpHeaders.LOCATION, "/api/opportunities/" + opportunity + "/activities/" + id);
        assertThat(call.get("opportunityId").asString()).isEqualTo(opportunity.toString());
        assertThat(call.get("type").asString()).isEqualTo("PHONE_CALL");
        assertThat(call.get("subject").asString()).isEqualTo("پیگیری پیش‌فاکتور");
        assertThat(call.get("direction").asString()).isEqualTo("OUTBOUND");
        assertThat(call.get("scheduledAt").asString()).isEqualTo("2026-12-01T09:30:00Z");
        assertThat(call.get("completedAt").isNull()).isTrue();
        assertThat(call.get("createdBy").asString()).isEqualTo("alice");
        assertThat(call.get("createdAt").asString()).endsWith("Z");

        // Where Location points: the activity as stored.
        http.get().uri("/api/opportunities/" + opportunity + "/activities/" + id).header(HttpHeaders.AUTHORIZATION, ALICE)
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.id").isEqualTo(id).jsonPath("$.subject").isEqualTo("پیگیری پیش‌فاکتور");

        Instant before = Instant.now();
        JsonNode done = complete(ALICE, opportunity, id).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        Instant completedAt = Instant.parse(done.get("completedAt").asString());
        assertThat(completedAt).isAfterOrEqualTo(before.minusSeconds(1)).isBeforeOrEqualTo(Instant.now().plusSeconds(1));
        assertThat(done.get("scheduledAt").asString()).isEqualTo("2026-12-01T09:30:00Z");
        Object storedCompletion = row(id).get("completed_at");
        assertThat(storedCompletion).isNotNull();

        // Completing twice is an illegal transition; the first completion stands.
        complete(ALICE, opportunity, id).expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:illegal-transition")
                .jsonPath("$.currentState").isEqualTo("COMPLETED")
                .jsonPath("$.action").isEqualTo("complete");
        assertThat(row(id).get("completed_at")).isEqualTo(storedCompletion);
    }

    @Test
    void anActivityLoggedAsDoneCannotBeCompletedAgain() {
        UUID opportunity = seed("alice", "IN_PROGRESS");
        JsonNode email = logged(ALICE, opportunity, Map.of("type", "EMAIL", "subject", "Proposal sent", "direction",
                "OUTBOUND", "completedAt", "2026-11-20T08:00:00Z"));
        assertThat(email.get("completedAt").asString()).isEqualTo("2026-11-20T08:00:00Z");
        complete(ALICE, opportunity, email.get("id").asString()).expectStatus().isEqualTo(409);
        assertThat(row(email.get("id").asString()).get("completed_at").toString()).startsWith("2026-11-20T08:00");
    }

    @Test
    void theFirstCompletionStandsWhenTwoRace() {
        UUID opportunity = seed("alice", "IN_PROGRESS");
        JsonNode task = logged(ALICE, opportunity, Map.of("type", "TASK", "subject", "Send the contract draft"));
        Activity planned = repository.find(opportunity, UUID.fromString(task.get("id").asString())).block();
        Activity first = planned.complete(Instant.parse("2026-11-26T10:00:00Z"));
        Activity second = planned.complete(Instant.parse("2026-11-26T10:00:01Z"));
        assertThat(repository.complete(first).block()).isTrue();
        assertThat(repository.complete(second).block()).isFalse();
        assertThat(repository.find(opportunity, planned.id()).block().completedAt())
                .isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
    }

    @Test
    void activitiesAreListedNewestFirstAPageAtATime() {
        UUID opportunity = seed("alice", "IN_PROGRESS");
        UUID other = seed("alice", "IN_PROGRESS");
        logged(ALICE, other, Map.of("type", "TASK", "subject", "Someone else's"));
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(logged(ALICE, opportunity, Map.of("type", "TASK", "subject", "کار " + i)).get("id").asString());
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = list(ALICE, opportunity, "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            page.get("items").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created.reversed());

        JsonNode empty = list(ALICE, seed("alice", "IN_PROGRESS"), "").expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(empty.get("items")).isEmpty();
        assertThat(empty.get("nextCursor").isNull()).isTrue();

        list(ALICE, opportunity, "?limit=0").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        list(ALICE, opportunity, "?limit=201").expectStatus().isBadRequest();
        list(ALICE, opportunity, "?cursor=not-a-cursor!").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("cursor");
    }

    @Test
    void badActivitiesAreProblemsNamingTheFieldAndLogNothing() {
        UUID opportunity = seed("alice", "IN_PROGRESS");
        invalid(opportunity, Map.of("subject", "No type"), "type");
        invalid(opportunity, Map.of("type", "VISIT", "subject", "Unknown type"), "type");
        invalid(opportunity, Map.of("type", "TASK"), "subject");
        invalid(opportunity, Map.of("type", "TASK", "subject", "   "), "subject");
        invalid(opportunity, Map.of("type", "TASK", "subject", "ک".repeat(301)), "subject");
        invalid(opportunity, Map.of("type", "TASK", "subject", "Long", "description", "x".repeat(10_001)), "description");
        invalid(opportunity, Map.of("type", "EMAIL", "subject", "Sideways", "direction", "SIDEWAYS"), "direction");
        invalid(opportunity, Map.of("type", "APPOINTMENT", "subject", "When?", "scheduledAt", "tomorrow at ten"), "scheduledAt");
        invalid(opportunity, Map.of("type", "APPOINTMENT", "subject", "Done?", "completedAt", "2026-13-01T00:00:00Z"), "completedAt");
        invalid(opportunity, Map.of("type", "TASK", "subject", "Mass assignment", "createdBy", "maryam"), "createdBy");
        invalid(opportunity, Map.of("type", "TASK", "subject", "Mass assignment", "id", Ids.newId().toString()), "id");
        http.post().uri("/api/opportunities/{id}/activities", opportunity).header(HttpHeaders.AUTHORIZATION, ALICE)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"type\": \"TASK\", ").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(count(opportunity)).isZero();

        // The limits themselves are fine.
        logged(ALICE, opportunity, Map.of("type", "TASK", "subject", "ک".repeat(300), "description", "x".repeat(10_000)));
        assertThat(count(opportunity)).isEqualTo(1);
    }

    private void invalid(UUID opportunity, Map<String, Object> body, String field) {
        JsonNode problem = log(ALICE, opportunity, body).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(problem.get("type").asString()).isIn("urn:crm:problem:validation", "urn:crm:problem:malformed-request");
        assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString())).as(body.toString())
                .contains(field);
    }

    @Test
    void textIsStoredAsGivenInFullUnicodeAndTimesInUtc() {
        UUID opportunity = seed("alice", "IN_PROGRESS");
        // Persian with a zero-width non-joiner, Arabic yeh and kaf, Persian digits, an emoji, right-to-left marks.
        String subject = "جلسه‌ی نهایی با شركت علي — ۱۴۰۵/۰۹/۰۵ 🤝";
        String description = "خط اول\nخط دوم: \u200fقرارداد ۲٬۵۰۰٬۰۰۰ ریالی\u200f\r\n\tپایان";
        JsonNode meeting = logged(ALICE, opportunity, Map.of("type", "APPOINTMENT", "subject", subject,
                "description", description, "direction", "INBOUND",
                "scheduledAt", "2026-12-01T13:00:00.123456789+03:30"));
        assertThat(meeting.get("subject").asString()).isEqualTo(subject);
        assertThat(meeting.get("description").asString()).isEqualTo(description);
        // Converted to UTC, kept to the microsecond (what PostgreSQL stores).
        assertThat(meeting.get("scheduledAt").asString()).isEqualTo("2026-12-01T09:30:00.123456Z");

        Map<String, Object> stored = row(meeting.get("id").asString());
        assertThat(stored).containsEntry("subject", subject).containsEntry("description", description);
        JsonNode listed = list(ALICE, opportunity, "").expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("items").get(0);
        assertThat(listed.get("subject").asString()).isEqualTo(subject);
        assertThat(listed.get("scheduledAt").asString()).isEqualTo("2026-12-01T09:30:00.123456Z");
    }

    @Test
    void closedOpportunitiesKeepTheirHistoryGrowing() {
        for (String closed : new String[] {"WON", "LOST", "OUT_SOLD"}) {
            UUID opportunity = seed("alice", closed);
            JsonNode followUp = logged(ALICE, opportunity, Map.of("type", "PHONE_CALL",
                    "subject", "Thank-you call after " + closed, "direction", "OUTBOUND"));
            complete(ALICE, opportunity, followUp.get("id").asString()).expectStatus().isOk();
            list(ALICE, opportunity, "").expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(1);
        }
    }

    @Test
    void whoeverMaySeeTheOpportunityMayReadItsActivitiesAndOnlyItsWorkersLogThem() {
        UUID alices = seed("alice", "IN_PROGRESS");
        String planned = logged(ALICE, alices, Map.of("type", "TASK", "subject", "Alice's task")).get("id").asString();

        // Another rep: the opportunity does not exist for them, nor do its activities.
        list(BOB, alices, "").expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:not-found");
        log(BOB, alices, Map.of("type", "TASK", "subject", "Bob's note")).expectStatus().isNotFound();
        complete(BOB, alices, planned).expectStatus().isNotFound();
        http.get().uri("/api/opportunities/{id}/activities/{a}", alices, planned).header(HttpHeaders.AUTHORIZATION, BOB)
                .exchange().expectStatus().isNotFound();
        // An unassigned opportunity is no rep's.
        log(ALICE, seed(null, "IN_PROGRESS"), Map.of("type", "TASK", "subject", "Unassigned")).expectStatus().isNotFound();

        // Managers work everyone's; analytics and billing read; marketing and catalog admins see nothing.
        logged(MARYAM, alices, Map.of("type", "EMAIL", "subject", "Manager's note"));
        list(MARYAM, alices, "").expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(2);
        list(ANNA, alices, "").expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(2);
        list(BILL, alices, "").expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(2);
        log(ANNA, alices, Map.of("type", "TASK", "subject", "Read only")).expectStatus().isForbidden();
        log(BILL, alices, Map.of("type", "TASK", "subject", "Read only")).expectStatus().isForbidden();
        complete(ANNA, alices, planned).expectStatus().isForbidden();
        complete(BILL, alices, planned).expectStatus().isForbidden();
        for (String token : new String[] {MONA, CARL}) {
            list(token, alices, "").expectStatus().isForbidden();
            log(token, alices, Map.of("type", "TASK", "subject", "No")).expectStatus().isForbidden();
            complete(token, alices, planned).expectStatus().isForbidden();
        }
        assertThat(count(alices)).isEqualTo(2);
        assertThat(row(planned).get("completed_at")).isNull();

        assertThat(rules.roleNamesFor(HttpMethod.GET, "/api/opportunities/" + alices + "/activities"))
                .contains(Set.of("SALES_REP", "SALES_MANAGER", "ADMIN", "ANALYTICS", "BILLING"));
        assertThat(rules.roleNamesFor(HttpMethod.POST, "/api/opportunities/" + alices + "/activities"))
                .contains(Set.of("SALES_REP", "SALES_MANAGER", "ADMIN"));
        // Billing reads an opportunity's activities, not the opportunity itself.
        assertThat(rules.roleNamesFor(HttpMethod.GET, "/api/opportunities/" + alices))
                .contains(Set.of("SALES_REP", "SALES_MANAGER", "ADMIN", "ANALYTICS"));
    }

    @Test
    void anActivityIsFoundOnlyUnderItsOwnOpportunity() {
        UUID first = seed("alice", "IN_PROGRESS");
        UUID second = seed("alice", "IN_PROGRESS");
        String task = logged(ALICE, first, Map.of("type", "TASK", "subject", "Belongs to the first")).get("id").asString();
        complete(ALICE, second, task).expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:not-found");
        http.get().uri("/api/opportunities/{id}/activities/{a}", second, task).header(HttpHeaders.AUTHORIZATION, ALICE)
                .exchange().expectStatus().isNotFound();
        complete(ALICE, first, Ids.newId().toString()).expectStatus().isNotFound();
        log(ALICE, Ids.newId(), Map.of("type", "TASK", "subject", "Nowhere")).expectStatus().isNotFound();
        assertThat(row(task).get("completed_at")).isNull();
    }

    @Test
    void aRetriedLogWithTheSameIdempotencyKeyLogsOnce() {
        UUID opportunity = seed("alice", "IN_PROGRESS");
        Map<String, Object> body = Map.of("type", "PHONE_CALL", "subject", "تماس اول", "direction", "INBOUND");
        JsonNode first = http.post().uri("/api/opportunities/{id}/activities", opportunity)
                .header(HttpHeaders.AUTHORIZATION, ALICE).header("Idempotency-Key", "call-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        http.post().uri("/api/opportunities/{id}/activities", opportunity)
                .header(HttpHeaders.AUTHORIZATION, ALICE).header("Idempotency-Key", "call-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectHeader().valueEquals("Idempotency-Replayed", "true")
                .expectBody().jsonPath("$.id").isEqualTo(first.get("id").asString());
        http.post().uri("/api/opportunities/{id}/activities", opportunity)
                .header(HttpHeaders.AUTHORIZATION, ALICE).header("Idempotency-Key", "call-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("type", "TASK", "subject", "Other")).exchange()
                .expectStatus().isEqualTo(422);
        assertThat(count(opportunity)).isEqualTo(1);
    }
}
