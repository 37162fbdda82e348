package dev.salescrm.account.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TestClientAutoConfiguration;
import dev.salescrm.platform.test.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The account API against API.md's conventions: every status it promises, and the events. */
@ServiceTest
class AccountApiTest {

    static final MediaType MERGE_PATCH = MediaType.parseMediaType("application/merge-patch+json");

    @Autowired WebTestClient http;

    @Autowired DatabaseClient db;
    @Autowired JsonMapper json;
    @Autowired ApplicationContext context;

    @Test
    void aPersianAccountIsStoredAsGivenAndAnnounced() {
        Map<String, Object> body = Map.of("name", "شرکت پروجان", "email", "info@projan.ir", "phone", "+98 21 8888 0000",
                "industry", "نرم‌افزار", "address", Map.of("street", "خیابان ولیعصر ۱۲", "city", "تهران", "country", "IR"));
        var created = http.post().uri("/api/accounts").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/accounts/[0-9a-f-]{36}")
                .expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String id = created.get("id").asString();
        assertThat(created.get("name").asString()).isEqualTo("شرکت پروجان");
        assertThat(created.get("industry").asString()).isEqualTo("نرم‌افزار");
        assertThat(created.get("address").get("city").asString()).isEqualTo("تهران");
        assertThat(created.get("relationshipType").asString()).isEqualTo("PROSPECT");
        assertThat(created.get("ownerId").asString()).isEqualTo(TestClientAutoConfiguration.TEST_ADMIN);
        assertThat(created.get("createdBy").asString()).isEqualTo(TestClientAutoConfiguration.TEST_ADMIN);
        assertThat(created.get("sourceLeadId").isNull()).isTrue();

        JsonNode read = http.get().uri("/api/accounts/{id}", id).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        // The create response adds what the duplicate check found; the record itself is the same.
        assertThat(created.get("duplicates")).isEmpty();
        ((tools.jackson.databind.node.ObjectNode) created).remove("duplicates");
        assertThat(read).isEqualTo(created);

        ConsumerRecord<String, String> event = eventOf(id, EventTypes.ACCOUNT_CREATED);
        assertThat(TopicReader.header(event, CloudEventHeaders.SOURCE)).isEqualTo("/crm/account-service");
        JsonNode data = json.readTree(event.value());
        assertThat(data.get("accountId").asString()).isEqualTo(id);
        assertThat(data.get("name").asString()).isEqualTo("شرکت پروجان");
        assertThat(data.get("address").get("line1").asString()).isEqualTo("خیابان ولیعصر ۱۲");
        assertThat(data.get("actor").asString()).isEqualTo(TestClientAutoConfiguration.TEST_ADMIN);
        assertThat(data.get("occurredAt").asString()).endsWith("Z");
    }

    @Test
    void invalidAccountsAreRejectedNamingTheFieldAndNothingIsStored() {
        expectInvalid(Map.of("industry", "Nameless"), "name");
        expectInvalid(Map.of("name", "Bad-Mail Ltd", "email", "not-an-email"), "email");
        expectInvalid(Map.of("name", "x".repeat(201)), "name");
        expectInvalid(Map.of("name", "Mass-Assignment Ltd", "version", 7), "version");
        expectInvalid(Map.of("name", "Mass-Assignment Ltd", "sourceLeadId", UUID.randomUUID().toString()), "sourceLeadId");
        expectInvalid(Map.of("name", "Orphan Ltd", "parentAccountId", "0190f0c8-0000-7000-8000-000000000009"),
                "parentAccountId");
        expectInvalid(Map.of("name", "Odd Ltd", "relationshipType", "FRIEND"), "relationshipType");
        Long stored = db.sql("SELECT count(*) FROM account WHERE name IN ('Bad-Mail Ltd', 'Mass-Assignment Ltd', 'Orphan Ltd', 'Odd Ltd')")
                .map(r -> r.get(0, Long.class)).one().block();
        assertThat(stored).isZero();
        Long events = db.sql("SELECT count(*) FROM outbox WHERE payload->>'name' IN ('Bad-Mail Ltd', 'Mass-Assignment Ltd', 'Orphan Ltd')")
                .map(r -> r.get(0, Long.class)).one().block();
        assertThat(events).isZero();
    }

    @Test
    void anUnknownAccountIsNotFound() {
        http.get().uri("/api/accounts/{id}", "0190f0c8-0000-7000-8000-000000000000").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:not-found");
        patch("0190f0c8-0000-7000-8000-000000000000", null, Map.of("name", "Ghost")).expectStatus().isNotFound();
        http.get().uri("/api/accounts/{id}/contacts", "0190f0c8-0000-7000-8000-000000000000").exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void aMergePatchChangesWhatItNamesClearsNullsAndIsAnnounced() {
        JsonNode parent = create(Map.of("name", "Projan Holding"));
        JsonNode account = create(Map.of("name", "Projan Co", "website", "https://projan.ir", "phone", "021-1",
                "address", Map.of("street", "Valiasr 12", "city", "Tehran")));
        String id = account.get("id").asString();

        Map<String, Object> changes = new HashMap<>();
        changes.put("name", "پروجان");
        changes.put("website", null);
        changes.put("parentAccountId", parent.get("id").asString());
        changes.put("relationshipType", "CUSTOMER");
        changes.put("address", Map.of("city", "اصفهان"));
        JsonNode patched = patch(id, "\"1\"", changes)
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"2\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(patched.get("name").asString()).isEqualTo("پروجان");
        assertThat(patched.get("website").isNull()).isTrue();
        assertThat(patched.get("phone").asString()).isEqualTo("021-1");
        assertThat(patched.get("address").get("street").asString()).isEqualTo("Valiasr 12");
        assertThat(patched.get("address").get("city").asString()).isEqualTo("اصفهان");
        assertThat(patched.get("parentAccountId").asString()).isEqualTo(parent.get("id").asString());
        assertThat(patched.get("version").asLong()).isEqualTo(2);
        assertThat(patched.get("createdAt")).isEqualTo(account.get("createdAt"));

        JsonNode updated = json.readTree(eventOf(id, EventTypes.ACCOUNT_UPDATED).value());
        assertThat(updated.get("changedFields").valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder("name", "website", "parentAccountId", "relationshipType", "address");
        assertThat(updated.get("name").asString()).isEqualTo("پروجان");
        assertThat(updated.has("website")).isFalse();
        assertThat(updated.get("version").asLong()).isEqualTo(2);
        JsonNode relationship = json.readTree(eventOf(id, EventTypes.ACCOUNT_RELATIONSHIP_CHANGED).value());
        assertThat(relationship.get("previousRelationshipType").asString()).isEqualTo("PROSPECT");
        assertThat(relationship.get("relationshipType").asString()).isEqualTo("CUSTOMER");

        // The children of the parent, by filter.
        JsonNode children = http.get().uri("/api/accounts?parentAccountId={p}", parent.get("id").asString()).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(children.get("items").valueStream().map(n -> n.get("id").asString()).toList()).containsExactly(id);

        // A patch that changes nothing writes nothing.
        patch(id, "\"2\"", Map.of("phone", "021-1")).expectStatus().isOk().expectHeader().valueEquals("ETag", "\"2\"");
    }

    @Test
    void invalidPatchesAreRejectedNamingTheField() {
        JsonNode grandParent = create(Map.of("name", "Cycle Root"));
        JsonNode parent = create(Map.of("name", "Cycle Middle", "parentAccountId", grandParent.get("id").asString()));
        String root = grandParent.get("id").asString();

        expectInvalidPatch(root, nullValued("name"), "name");
        expectInvalidPatch(root, Map.of("email", "nope"), "email");
        expectInvalidPatch(root, Map.of("version", 9), "version");
        expectInvalidPatch(root, Map.of("id", UUID.randomUUID().toString()), "id");
        expectInvalidPatch(root, Map.of("parentAccountId", root), "parentAccountId");
        expectInvalidPatch(root, Map.of("parentAccountId", parent.get("id").asString()), "parentAccountId");
        expectInvalidPatch(root, Map.of("parentAccountId", "0190f0c8-0000-7000-8000-000000000009"), "parentAccountId");
        expectInvalidPatch(root, nullValued("relationshipType"), "relationshipType");

        http.get().uri("/api/accounts/{id}", root).exchange().expectHeader().valueEquals("ETag", "\"1\"");
    }

    @Test
    void aStaleIfMatchIsPreconditionFailedAndTheSecondOfTwoPatchesOnOneVersionLoses() {
        String id = create(Map.of("name", "Twice Patched")).get("id").asString();
        patch(id, "\"1\"", Map.of("industry", "Retail")).expectStatus().isOk();
        patch(id, "\"1\"", Map.of("industry", "Banking"))
                .expectStatus().isEqualTo(HttpStatus.PRECONDITION_FAILED)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:precondition-failed");
        JsonNode now = http.get().uri("/api/accounts/{id}", id).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(now.get("industry").asString()).isEqualTo("Retail");
    }

    /**
     * The race If-Match cannot see: another writer commits after the PATCH read version 1 but
     * before its UPDATE. The UPDATE's version check then matches no row — 409, not an overwrite.
     */
    @Test
    void aWriterThatCommitsBetweenReadAndUpdateMakesThePatchAConflict() throws Exception {
        String id = create(Map.of("name", "Raced Ltd")).get("id").asString();
        ConnectionFactory connections = context.getBean(ConnectionFactory.class);
        Connection other = Mono.from(connections.create()).block();
        try {
            Mono.from(other.beginTransaction()).block();
            Mono.from(other.createStatement("UPDATE account SET version = version + 1, industry = 'Other writer' WHERE id = $1")
                    .bind("$1", UUID.fromString(id)).execute()).flatMap(r -> Mono.from(r.getRowsUpdated())).block();

            WebTestClient patient = http.mutate().responseTimeout(Duration.ofSeconds(60)).build();
            CompletableFuture<HttpStatus> patching = CompletableFuture.supplyAsync(() -> HttpStatus.valueOf(
                    patient.patch().uri("/api/accounts/{id}", id).header("If-Match", "\"1\"").contentType(MERGE_PATCH)
                            .bodyValue(Map.of("industry", "Ours")).exchange()
                            .returnResult(byte[].class).getStatus().value()));
            // The PATCH has read version 1 and now waits for the other writer's row lock.
            await().atMost(Duration.ofSeconds(30)).until(() -> db.sql("""
                            SELECT count(*) FROM pg_stat_activity
                            WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE account SET name%'
                            """).map(r -> r.get(0, Long.class)).one().block() > 0);
            Mono.from(other.commitTransaction()).block();

            assertThat(patching.get(60, TimeUnit.SECONDS)).isEqualTo(HttpStatus.CONFLICT);
        } finally {
            Mono.from(other.close()).block();
        }
        JsonNode now = http.get().uri("/api/accounts/{id}", id).exchange()
                .expectHeader().valueEquals("ETag", "\"2\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(now.get("industry").asString()).isEqualTo("Other writer");
        Long updates = db.sql("SELECT count(*) FROM outbox WHERE aggregateid = :id AND type = :type")
                .bind("id", id).bind("type", EventTypes.ACCOUNT_UPDATED).map(r -> r.get(0, Long.class)).one().block();
        assertThat(updates).isZero();
    }

    @Test
    void anIdempotencyKeyReplaysTheSameBodyAndRefusesAnother() {
        Map<String, Object> body = Map.of("name", "Once-Only Account");
        String first = http.post().uri("/api/accounts").header("Idempotency-Key", "account-once-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody();
        String second = http.post().uri("/api/accounts").header("Idempotency-Key", "account-once-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody();
        assertThat(second).isEqualTo(first);
        http.post().uri("/api/accounts").header("Idempotency-Key", "account-once-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Another Account")).exchange()
                .expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        Long stored = db.sql("SELECT count(*) FROM account WHERE name IN ('Once-Only Account', 'Another Account')")
                .map(r -> r.get(0, Long.class)).one().block();
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void keysetPagesWalkEveryFilteredAccountOnceNewestFirst() {
        List<String> partners = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            partners.add(create(Map.of("name", "Partner " + i, "relationshipType", "PARTNER", "ownerId", "paging-owner"))
                    .get("id").asString());
        }
        create(Map.of("name", "Competitor", "relationshipType", "COMPETITOR", "ownerId", "paging-owner"));

        List<String> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String uri = "/api/accounts?relationshipType=PARTNER&ownerId=paging-owner&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = http.get().uri(uri).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            page.get("items").valueStream().forEach(item -> walked.add(item.get("id").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(walked).containsExactlyElementsOf(partners.reversed());

        http.get().uri("/api/accounts?limit=500").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        http.get().uri("/api/accounts?cursor=bogus!").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("cursor");
    }

    private JsonNode create(Map<String, Object> body) {
        return http.post().uri("/api/accounts").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec patch(String id, String ifMatch, Map<String, Object> body) {
        return http.patch().uri("/api/accounts/{id}", id)
                .headers(h -> {
                    if (ifMatch != null) {
                        h.set("If-Match", ifMatch);
                    }
                })
                .contentType(MERGE_PATCH).bodyValue(body).exchange();
    }

    private void expectInvalid(Map<String, Object> body, String field) {
        http.post().uri("/api/accounts").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:validation")
                .jsonPath("$.errors[0].field").isEqualTo(field);
    }

    private void expectInvalidPatch(String id, Map<String, Object> body, String field) {
        patch(id, null, body)
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:validation")
                .jsonPath("$.errors[0].field").isEqualTo(field);
    }

    private static Map<String, Object> nullValued(String field) {
        Map<String, Object> body = new HashMap<>();
        body.put(field, null);
        return body;
    }

    private ConsumerRecord<String, String> eventOf(String accountId, String type) {
        return TopicReader.readUntil(bootstrap(), Topics.ACCOUNT_EVENTS, Duration.ofSeconds(30),
                        all -> all.stream().anyMatch(r -> matches(r, accountId, type)))
                .stream().filter(r -> matches(r, accountId, type)).findFirst().orElseThrow();
    }

    private static boolean matches(ConsumerRecord<String, String> record, String key, String type) {
        return key.equals(record.key()) && type.equals(TopicReader.header(record, CloudEventHeaders.TYPE));
    }

    private String bootstrap() {
        return ServiceTestInfrastructure.broker(context).getBrokersAsString();
    }
}
