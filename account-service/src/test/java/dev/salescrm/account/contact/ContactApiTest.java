package dev.salescrm.account.contact;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
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

import static org.assertj.core.api.Assertions.assertThat;

/** The contact API against API.md's conventions, and an account's contacts. */
@ServiceTest
class ContactApiTest {

    static final MediaType MERGE_PATCH = MediaType.parseMediaType("application/merge-patch+json");

    @Autowired WebTestClient http;

    @Autowired DatabaseClient db;
    @Autowired JsonMapper json;
    @Autowired ApplicationContext context;

    @Test
    void aPersianContactUnderAnAccountIsStoredAsGivenAndAnnouncedUnderTheAccountKey() {
        String accountId = account("شرکت پروجان");
        JsonNode created = http.post().uri("/api/contacts").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("firstName", "علی", "lastName", "رضایی", "accountId", accountId,
                        "jobTitle", "مدیر فروش", "email", "ali@projan.ir"))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/contacts/[0-9a-f-]{36}")
                .expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String id = created.get("id").asString();
        assertThat(created.get("firstName").asString()).isEqualTo("علی");
        assertThat(created.get("lastName").asString()).isEqualTo("رضایی");
        JsonNode read = http.get().uri("/api/contacts/{id}", id).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"1\"").expectBody(JsonNode.class).returnResult().getResponseBody();
        // The create response adds what the duplicate check found; the record itself is the same.
        assertThat(created.get("duplicates")).isEmpty();
        ((tools.jackson.databind.node.ObjectNode) created).remove("duplicates");
        assertThat(read).isEqualTo(created);

        ConsumerRecord<String, String> event = eventOf(accountId, EventTypes.CONTACT_CREATED);
        JsonNode data = json.readTree(event.value());
        assertThat(data.get("contactId").asString()).isEqualTo(id);
        assertThat(data.get("accountId").asString()).isEqualTo(accountId);
        assertThat(data.get("lastName").asString()).isEqualTo("رضایی");
        assertThat(data.get("actor").asString()).isNotBlank();

        // A contact without an account is keyed by itself.
        String loose = create(Map.of("lastName", "Loose")).get("id").asString();
        assertThat(json.readTree(eventOf(loose, EventTypes.CONTACT_CREATED).value()).has("accountId")).isFalse();
    }

    @Test
    void invalidContactsAreRejectedNamingTheFieldAndUnknownOnesAreNotFound() {
        expectInvalid(Map.of("firstName", "Nameless"), "lastName");
        expectInvalid(Map.of("lastName", "Bad-Mail", "email", "nope"), "email");
        expectInvalid(Map.of("lastName", "Orphan", "accountId", "0190f0c8-0000-7000-8000-000000000009"), "accountId");
        expectInvalid(Map.of("lastName", "Mass-Assignment", "id", "0190f0c8-0000-7000-8000-000000000009"), "id");
        expectInvalid(Map.of("lastName", "Mass-Assignment", "createdAt", "2026-01-01T00:00:00Z"), "createdAt");
        Long stored = db.sql("SELECT count(*) FROM contact WHERE last_name IN ('Bad-Mail', 'Orphan', 'Mass-Assignment')")
                .map(r -> r.get(0, Long.class)).one().block();
        assertThat(stored).isZero();

        http.get().uri("/api/contacts/{id}", "0190f0c8-0000-7000-8000-000000000000").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        patch("0190f0c8-0000-7000-8000-000000000000", null, Map.of("jobTitle", "Ghost")).expectStatus().isNotFound();
    }

    @Test
    void aMergePatchMovesAndEditsAContactUnderVersionChecks() {
        String first = account("First Employer");
        String second = account("Second Employer");
        JsonNode contact = create(Map.of("firstName", "Sara", "lastName", "Ahmadi", "accountId", first,
                "phone", "0912 000 0000"));
        String id = contact.get("id").asString();

        Map<String, Object> move = new HashMap<>();
        move.put("accountId", second);
        move.put("phone", null);
        move.put("jobTitle", "مدیر");
        JsonNode moved = patch(id, "\"1\"", move).expectStatus().isOk().expectHeader().valueEquals("ETag", "\"2\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(moved.get("accountId").asString()).isEqualTo(second);
        assertThat(moved.get("phone").isNull()).isTrue();
        assertThat(moved.get("firstName").asString()).isEqualTo("Sara");
        assertThat(moved.get("jobTitle").asString()).isEqualTo("مدیر");
        JsonNode updated = json.readTree(eventOf(second, EventTypes.CONTACT_UPDATED).value());
        assertThat(updated.get("changedFields").valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder("accountId", "phone", "jobTitle");

        patch(id, "\"1\"", Map.of("jobTitle", "Stale")).expectStatus().isEqualTo(HttpStatus.PRECONDITION_FAILED);
        patch(id, null, Map.of("accountId", "0190f0c8-0000-7000-8000-000000000009"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("accountId");
        Map<String, Object> noName = new HashMap<>();
        noName.put("lastName", null);
        patch(id, null, noName).expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("lastName");
        patch(id, null, Map.of("sourceLeadId", first)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("sourceLeadId");

        assertThat(idsOf("/api/accounts/" + first + "/contacts")).isEmpty();
        assertThat(idsOf("/api/accounts/" + second + "/contacts")).containsExactly(id);
    }

    @Test
    void anIdempotencyKeyReplaysTheSameBodyAndRefusesAnother() {
        Map<String, Object> body = Map.of("lastName", "Once-Only");
        String first = http.post().uri("/api/contacts").header("Idempotency-Key", "contact-once-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody();
        String second = http.post().uri("/api/contacts").header("Idempotency-Key", "contact-once-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody();
        assertThat(second).isEqualTo(first);
        http.post().uri("/api/contacts").header("Idempotency-Key", "contact-once-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("lastName", "Twice")).exchange()
                .expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        Long stored = db.sql("SELECT count(*) FROM contact WHERE last_name IN ('Once-Only', 'Twice')")
                .map(r -> r.get(0, Long.class)).one().block();
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void keysetPagesWalkAnAccountsContactsOnceNewestFirst() {
        String accountId = account("Many Contacts Co");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(create(Map.of("lastName", "Employee " + i, "accountId", accountId)).get("id").asString());
        }
        create(Map.of("lastName", "Elsewhere"));
        assertThat(walk("/api/accounts/" + accountId + "/contacts?limit=2")).containsExactlyElementsOf(created.reversed());
        assertThat(walk("/api/contacts?accountId=" + accountId + "&limit=3")).containsExactlyElementsOf(created.reversed());
        assertThat(walk("/api/contacts?ownerId=nobody-owns-these&limit=3")).isEmpty();
    }

    private List<String> walk(String firstPage) {
        List<String> walked = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = http.get().uri(firstPage + (cursor == null ? "" : "&cursor=" + cursor)).exchange()
                    .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            page.get("items").valueStream().forEach(item -> walked.add(item.get("id").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        return walked;
    }

    private List<String> idsOf(String uri) {
        return http.get().uri(uri).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody().get("items").valueStream().map(n -> n.get("id").asString()).toList();
    }

    private String account(String name) {
        return http.post().uri("/api/accounts").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", name))
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
    }

    private JsonNode create(Map<String, Object> body) {
        return http.post().uri("/api/contacts").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec patch(String id, String ifMatch, Map<String, Object> body) {
        return http.patch().uri("/api/contacts/{id}", id)
                .headers(h -> {
                    if (ifMatch != null) {
                        h.set("If-Match", ifMatch);
                    }
                })
                .contentType(MERGE_PATCH).bodyValue(body).exchange();
    }

    private void expectInvalid(Map<String, Object> body, String field) {
        http.post().uri("/api/contacts").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
    }

    private ConsumerRecord<String, String> eventOf(String key, String type) {
        return TopicReader.readUntil(bootstrap(), Topics.ACCOUNT_EVENTS, Duration.ofSeconds(30),
                        all -> all.stream().anyMatch(r -> matches(r, key, type)))
                .stream().filter(r -> matches(r, key, type)).findFirst().orElseThrow();
    }

    private static boolean matches(ConsumerRecord<String, String> record, String key, String type) {
        return key.equals(record.key()) && type.equals(TopicReader.header(record, CloudEventHeaders.TYPE));
    }

    private String bootstrap() {
        return ServiceTestInfrastructure.broker(context).getBrokersAsString();
    }
}
