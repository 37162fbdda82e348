package dev.salescrm.account.activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Activities with accounts and contacts over HTTP: logged planned or done, completed once, listed
 * newest first a page at a time, validated as lead activities are, stored in full Unicode and UTC,
 * each one an entry of the timelines it belongs on — read by every reader of the customer database,
 * logged and completed by a sales rep only on their own records.
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

    @Test
    void aPlannedCallIsLoggedThenCompletedOnceAndItsTimelineEntryFollows() {
        String account = account("alice");
        var response = log(ALICE, "/api/accounts/" + account, Map.of("type", "PHONE_CALL", "subject", "پیگیری پیش‌فاکتور",
                "description", "تماس با مدیر خرید", "direction", "OUTBOUND", "scheduledAt", "2026-12-01T09:30:00Z"))
                .expectStatus().isCreated();
        JsonNode call = response.expectBody(JsonNode.class).returnResult().getResponseBody();
        String id = call.get("id").asString();
        response.expectHeader().valueEquals(HttpHeaders.LOCATION, "/api/accounts/" + account + "/activities/" + id);
        assertThat(call.get("accountId").asString()).isEqualTo(account);
        assertThat(call.get("contactId").isNull()).isTrue();
        assertThat(call.get("type").asString()).isEqualTo("PHONE_CALL");
        assertThat(call.get("direction").asString()).isEqualTo("OUTBOUND");
        assertThat(call.get("scheduledAt").asString()).isEqualTo("2026-12-01T09:30:00Z");
        assertThat(call.get("completedAt").isNull()).isTrue();
        assertThat(call.get("createdBy").asString()).isEqualTo("alice");
        get(ALICE, "/api/accounts/" + account + "/activities/" + id).expectStatus().isOk()
                .expectBody().jsonPath("$.subject").isEqualTo("پیگیری پیش‌فاکتور");

        // Planned: on the timeline when it was logged.
        JsonNode planned = timeline("/api/accounts/" + account).get(0);
        assertThat(planned.get("id").asString()).isEqualTo(id);
        assertThat(planned.get("kind").asString()).isEqualTo("ACTIVITY");
        assertThat(planned.get("occurredAt").asString()).isEqualTo(call.get("createdAt").asString());
        assertThat(planned.get("summary").asString())
                .isEqualTo("Planned phone call (outbound): پیگیری پیش‌فاکتور, for 2026-12-01T09:30:00Z");
        assertThat(planned.get("details").get("status").asString()).isEqualTo("PLANNED");

        Instant before = Instant.now();
        JsonNode done = complete(ALICE, "/api/accounts/" + account, id).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        Instant completedAt = Instant.parse(done.get("completedAt").asString());
        assertThat(completedAt).isAfterOrEqualTo(before.minusSeconds(1)).isBeforeOrEqualTo(Instant.now().plusSeconds(1));
        Object stored = row(id).get("completed_at");

        // Done: on the timeline when it was done, and saying so — still one entry.
        List<JsonNode> after = timeline("/api/accounts/" + account);
        assertThat(after).extracting(e -> e.get("kind").asString()).containsExactly("ACTIVITY", "ACCOUNT_CREATED");
        assertThat(after.get(0).get("occurredAt").asString()).isEqualTo(done.get("completedAt").asString());
        assertThat(after.get(0).get("summary").asString()).isEqualTo("Phone call (outbound): پیگیری پیش‌فاکتور");
        assertThat(after.get(0).get("details").get("status").asString()).isEqualTo("COMPLETED");

        // Completing twice is an illegal transition; the first completion stands.
        complete(ALICE, "/api/accounts/" + account, id).expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:illegal-transition")
                .jsonPath("$.currentState").isEqualTo("COMPLETED")
                .jsonPath("$.action").isEqualTo("complete");
        assertThat(row(id).get("completed_at")).isEqualTo(stored);
    }

    @Test
    void aContactsActivityIsOnItsOwnListAndOnItsAccountsTimelineToo() {
        String account = account("alice");
        String contact = contact("alice", account);
        String email = logged(ALICE, "/api/contacts/" + contact, Map.of("type", "EMAIL", "subject", "ارسال کاتالوگ",
                "direction", "OUTBOUND", "completedAt", "2026-11-20T08:00:00Z")).get("id").asString();
        complete(ALICE, "/api/contacts/" + contact, email).expectStatus().isEqualTo(409);

        assertThat(items(get(ALICE, "/api/contacts/" + contact + "/activities")))
                .extracting(a -> a.get("id").asString()).containsExactly(email);
        assertThat(items(get(ALICE, "/api/contacts/" + contact + "/activities")).get(0).get("contactId").asString())
                .isEqualTo(contact);
        // The account's own list holds the account's activities; its timeline tells its contacts' too.
        assertThat(items(get(ALICE, "/api/accounts/" + account + "/activities"))).isEmpty();
        assertThat(timeline("/api/accounts/" + account)).extracting(e -> e.get("kind").asString())
                .containsExactly("CONTACT_CREATED", "ACCOUNT_CREATED", "ACTIVITY");
        JsonNode onContact = timeline("/api/contacts/" + contact).get(1);
        assertThat(onContact.get("id").asString()).isEqualTo(email);
        assertThat(onContact.get("occurredAt").asString()).isEqualTo("2026-11-20T08:00:00Z");
        assertThat(onContact.get("refs").get("contactId").asString()).isEqualTo(contact);
        assertThat(onContact.get("refs").get("accountId").asString()).isEqualTo(account);
        // Under the other record the activity does not exist.
        get(ALICE, "/api/accounts/" + account + "/activities/" + email).expectStatus().isNotFound();
        complete(ALICE, "/api/accounts/" + account, email).expectStatus().isNotFound();
    }

    @Test
    void activitiesAreListedNewestFirstAPageAtATime() {
        String account = account("alice");
        logged(MARYAM, "/api/accounts/" + account(null), Map.of("type", "TASK", "subject", "Another account's"));
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(logged(ALICE, "/api/accounts/" + account, Map.of("type", "TASK", "subject", "کار " + i))
                    .get("id").asString());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get(ALICE, "/api/accounts/" + account + "/activities?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)).expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            page.get("items").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created.reversed());

        get(ALICE, "/api/accounts/" + account + "/activities?limit=0").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        get(ALICE, "/api/accounts/" + account + "/activities?cursor=not-a-cursor!").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("cursor");
    }

    @Test
    void badActivitiesAreProblemsNamingTheFieldAndLogNothing() {
        String account = account("alice");
        String path = "/api/accounts/" + account;
        invalid(path, Map.of("subject", "No type"), "type");
        invalid(path, Map.of("type", "VISIT", "subject", "Unknown type"), "type");
        invalid(path, Map.of("type", "CAMPAIGN_RESPONSE", "subject", "Only campaigns record these"), "type");
        invalid(path, Map.of("type", "TASK"), "subject");
        invalid(path, Map.of("type", "TASK", "subject", "   "), "subject");
        invalid(path, Map.of("type", "TASK", "subject", "ک".repeat(301)), "subject");
        invalid(path, Map.of("type", "TASK", "subject", "Long", "description", "x".repeat(10_001)), "description");
        invalid(path, Map.of("type", "EMAIL", "subject", "Sideways", "direction", "SIDEWAYS"), "direction");
        invalid(path, Map.of("type", "APPOINTMENT", "subject", "When?", "scheduledAt", "tomorrow at ten"), "scheduledAt");
        invalid(path, Map.of("type", "APPOINTMENT", "subject", "Done?", "completedAt", "2026-13-01T00:00:00Z"), "completedAt");
        invalid(path, Map.of("type", "TASK", "subject", "Mass assignment", "createdBy", "maryam"), "createdBy");
        invalid(path, Map.of("type", "TASK", "subject", "Mass assignment", "contactId", Ids.newId().toString()), "contactId");
        http.post().uri(path + "/activities").header(HttpHeaders.AUTHORIZATION, ALICE)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"type\": \"TASK\", ").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(count("SELECT count(*) FROM activity WHERE account_id = '" + account + "'")).isZero();
        assertThat(count("SELECT count(*) FROM timeline_entry WHERE kind = 'ACTIVITY' AND account_id = '" + account + "'"))
                .isZero();

        // The limits themselves are fine.
        logged(ALICE, path, Map.of("type", "TASK", "subject", "ک".repeat(300), "description", "x".repeat(10_000)));
        assertThat(count("SELECT count(*) FROM activity WHERE account_id = '" + account + "'")).isEqualTo(1);
    }

    @Test
    void textIsStoredAsGivenInFullUnicodeAndTimesInUtc() {
        String contact = contact("alice", null);
        // Persian with a zero-width non-joiner, Arabic yeh and kaf, Persian digits, an emoji, right-to-left marks.
        String subject = "جلسه‌ی نهایی با شركت علي — ۱۴۰۵/۰۹/۰۵ 🤝";
        String description = "خط اول\nخط دوم: \u200fقرارداد ۲٬۵۰۰٬۰۰۰ ریالی\u200f\r\n\tپایان";
        JsonNode meeting = logged(ALICE, "/api/contacts/" + contact, Map.of("type", "APPOINTMENT", "subject", subject,
                "description", description, "direction", "INBOUND", "scheduledAt", "2026-12-01T13:00:00.123456789+03:30"));
        assertThat(meeting.get("subject").asString()).isEqualTo(subject);
        assertThat(meeting.get("description").asString()).isEqualTo(description);
        assertThat(meeting.get("scheduledAt").asString()).isEqualTo("2026-12-01T09:30:00.123456Z");
        Map<String, Object> stored = row(meeting.get("id").asString());
        assertThat(stored).containsEntry("subject", subject).containsEntry("description", description);
        JsonNode listed = items(get(ALICE, "/api/contacts/" + contact + "/activities")).get(0);
        assertThat(listed.get("subject").asString()).isEqualTo(subject);
        assertThat(listed.get("scheduledAt").asString()).isEqualTo("2026-12-01T09:30:00.123456Z");
        JsonNode entry = timeline("/api/contacts/" + contact).get(0);
        assertThat(entry.get("details").get("subject").asString()).isEqualTo(subject);
        assertThat(entry.get("summary").asString()).contains(subject);
    }

    @Test
    void everyReaderReadsActivitiesButARepLogsAndCompletesOnlyOnTheirOwnRecords() {
        String bobs = account("bob");
        String bobsContact = contact("bob", bobs);
        String task = logged(BOB, "/api/accounts/" + bobs, Map.of("type", "TASK", "subject", "Bob's task")).get("id").asString();
        String call = logged(BOB, "/api/contacts/" + bobsContact, Map.of("type", "PHONE_CALL", "subject", "Bob's call"))
                .get("id").asString();

        // Read all: another rep, billing and analytics read them.
        for (String reader : new String[] {ALICE, BILL, ANNA}) {
            assertThat(items(get(reader, "/api/accounts/" + bobs + "/activities"))).hasSize(1);
            assertThat(items(get(reader, "/api/contacts/" + bobsContact + "/activities"))).hasSize(1);
        }
        // Write own: Alice may not log on or complete Bob's records — she sees them, so 403, not 404.
        log(ALICE, "/api/accounts/" + bobs, Map.of("type", "TASK", "subject", "Alice's note")).expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:forbidden");
        log(ALICE, "/api/contacts/" + bobsContact, Map.of("type", "TASK", "subject", "Alice's note")).expectStatus().isForbidden();
        complete(ALICE, "/api/accounts/" + bobs, task).expectStatus().isForbidden();
        complete(ALICE, "/api/contacts/" + bobsContact, call).expectStatus().isForbidden();
        // Billing and analytics only read; marketing and catalog admins see nothing.
        for (String token : new String[] {BILL, ANNA}) {
            log(token, "/api/accounts/" + bobs, Map.of("type", "TASK", "subject", "No")).expectStatus().isForbidden();
            complete(token, "/api/accounts/" + bobs, task).expectStatus().isForbidden();
        }
        for (String token : new String[] {MONA, CARL}) {
            get(token, "/api/accounts/" + bobs + "/activities").expectStatus().isForbidden();
            get(token, "/api/contacts/" + bobsContact + "/activities").expectStatus().isForbidden();
            log(token, "/api/contacts/" + bobsContact, Map.of("type", "TASK", "subject", "No")).expectStatus().isForbidden();
        }
        assertThat(count("SELECT count(*) FROM activity WHERE account_id = '" + bobs + "' OR contact_id = '"
                + bobsContact + "'")).isEqualTo(2);
        assertThat(row(task).get("completed_at")).isNull();

        // A manager works on everyone's; an unassigned account is no rep's.
        logged(MARYAM, "/api/accounts/" + bobs, Map.of("type", "EMAIL", "subject", "Manager's note"));
        complete(MARYAM, "/api/accounts/" + bobs, task).expectStatus().isOk();
        log(ALICE, "/api/accounts/" + account(null), Map.of("type", "TASK", "subject", "Unassigned")).expectStatus().isForbidden();

        // Records that do not exist, and activities that are not theirs, are not found.
        log(ALICE, "/api/accounts/" + Ids.newId(), Map.of("type", "TASK", "subject", "Nowhere")).expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:not-found");
        get(ALICE, "/api/contacts/" + Ids.newId() + "/activities").expectStatus().isNotFound();
        complete(BOB, "/api/accounts/" + bobs, Ids.newId().toString()).expectStatus().isNotFound();
    }

    @Test
    void aRetriedLogWithTheSameIdempotencyKeyLogsOnce() {
        String account = account("alice");
        Map<String, Object> body = Map.of("type", "PHONE_CALL", "subject", "تماس اول", "direction", "INBOUND");
        JsonNode first = http.post().uri("/api/accounts/{id}/activities", account)
                .header(HttpHeaders.AUTHORIZATION, ALICE).header("Idempotency-Key", "call-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        http.post().uri("/api/accounts/{id}/activities", account)
                .header(HttpHeaders.AUTHORIZATION, ALICE).header("Idempotency-Key", "call-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectHeader().valueEquals("Idempotency-Replayed", "true")
                .expectBody().jsonPath("$.id").isEqualTo(first.get("id").asString());
        assertThat(count("SELECT count(*) FROM activity WHERE account_id = '" + account + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM timeline_entry WHERE kind = 'ACTIVITY' AND account_id = '" + account + "'"))
                .isEqualTo(1);
    }

    // ---- helpers

    private String account(String owner) {
        Map<String, Object> body = owner == null ? Map.of("name", "Unassigned Co") : Map.of("name", "شرکت " + owner, "ownerId", owner);
        String id = http.post().uri("/api/accounts").header(HttpHeaders.AUTHORIZATION, MARYAM)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
        if (owner == null) {
            // A manager who creates without an owner owns it; clear it.
            db.sql("UPDATE account SET owner_id = NULL WHERE id = CAST(:id AS uuid)").bind("id", id).fetch().rowsUpdated().block();
        }
        return id;
    }

    private String contact(String owner, String accountId) {
        Map<String, Object> body = accountId == null ? Map.of("lastName", "رضایی", "ownerId", owner)
                : Map.of("firstName", "علی", "lastName", "رضایی", "ownerId", owner, "accountId", accountId);
        return http.post().uri("/api/contacts").header(HttpHeaders.AUTHORIZATION, MARYAM)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
    }

    private WebTestClient.ResponseSpec log(String token, String record, Object body) {
        return http.post().uri(record + "/activities").header(HttpHeaders.AUTHORIZATION, token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private JsonNode logged(String token, String record, Object body) {
        return log(token, record, body).expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec complete(String token, String record, String activityId) {
        return http.post().uri(record + "/activities/" + activityId + "/complete").header(HttpHeaders.AUTHORIZATION, token)
                .exchange();
    }

    private WebTestClient.ResponseSpec get(String token, String path) {
        return http.get().uri(path).header(HttpHeaders.AUTHORIZATION, token).exchange();
    }

    private static List<JsonNode> items(WebTestClient.ResponseSpec response) {
        List<JsonNode> items = new ArrayList<>();
        response.expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().get("items")
                .forEach(items::add);
        return items;
    }

    private List<JsonNode> timeline(String record) {
        return items(get(ALICE, record + "/timeline"));
    }

    private void invalid(String record, Map<String, Object> body, String field) {
        JsonNode problem = log(ALICE, record, body).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(problem.get("type").asString()).isIn("urn:crm:problem:validation", "urn:crm:problem:malformed-request");
        assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString())).as(body.toString())
                .contains(field);
    }

    private Map<String, Object> row(String activityId) {
        return db.sql("SELECT * FROM activity WHERE id = CAST(:id AS uuid)").bind("id", activityId).fetch().one().block();
    }

    private long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }
}
