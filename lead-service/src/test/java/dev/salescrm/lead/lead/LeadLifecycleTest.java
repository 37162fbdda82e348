package dev.salescrm.lead.lead;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import dev.salescrm.platform.test.ServiceTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lead worked over HTTP: edited with If-Match, contacted, disqualified, reactivated — and every
 * status API.md promises for it: 200, 400 naming the field, 404, 409 naming the current state,
 * 412 for a stale ETag, 422 for a reused Idempotency-Key.
 */
@ServiceTest
class LeadLifecycleTest {

    static final MediaType MERGE_PATCH = MediaType.parseMediaType("application/merge-patch+json");

    @Autowired WebTestClient http;
    @Autowired DatabaseClient db;

    @Test
    void aPatchWithTheCurrentETagChangesOnlyTheGivenFieldsAndAStaleOneIs412() {
        JsonNode lead = create(Map.of("firstName", "علی", "lastName", "رضایی", "companyName", "شرکت پروجان", "phone", "0912 123 4567"));
        String id = lead.get("id").asString();

        JsonNode patched = http.patch().uri("/api/leads/{id}", id).header(HttpHeaders.IF_MATCH, "\"1\"")
                .contentType(MERGE_PATCH).bodyValue("{\"jobTitle\":\"مدیر فروش\",\"phone\":null}")
                .exchange().expectStatus().isOk().expectHeader().valueEquals("ETag", "\"2\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(patched.get("jobTitle").asString()).isEqualTo("مدیر فروش");
        assertThat(patched.get("phone").isNull()).isTrue();
        assertThat(patched.get("companyName").asString()).isEqualTo("شرکت پروجان");

        http.patch().uri("/api/leads/{id}", id).header(HttpHeaders.IF_MATCH, "\"1\"")
                .contentType(MERGE_PATCH).bodyValue("{\"jobTitle\":\"overwrite\"}")
                .exchange().expectStatus().isEqualTo(412)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:precondition-failed");
        assertThat(get(id).get("jobTitle").asString()).isEqualTo("مدیر فروش");
    }

    @Test
    void aPatchNamesEveryBadFieldAndChangesNothing() {
        String id = create(Map.of("lastName", "Patch-Me")).get("id").asString();
        http.patch().uri("/api/leads/{id}", id).contentType(MERGE_PATCH)
                .bodyValue("{\"email\":\"nope\",\"status\":\"QUALIFIED\",\"source\":\"CARRIER_PIGEON\"}")
                .exchange().expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field=='email')]").exists()
                .jsonPath("$.errors[?(@.field=='status')]").exists()
                .jsonPath("$.errors[?(@.field=='source')]").exists();
        http.patch().uri("/api/leads/{id}", id).contentType(MERGE_PATCH).bodyValue("{\"lastName\":null}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("lastName");
        assertThat(get(id).get("version").asLong()).isEqualTo(1);
        http.patch().uri("/api/leads/{id}", "0190f0c8-0000-7000-8000-000000000009").contentType(MERGE_PATCH)
                .bodyValue("{\"jobTitle\":\"x\"}").exchange().expectStatus().isNotFound();
    }

    @Test
    void disqualifyThenReactivateFollowTheStateMachineAndIllegalStepsAre409NamingTheStatus() {
        String id = create(Map.of("lastName", "Not-Interested")).get("id").asString();
        http.post().uri("/api/leads/{id}/disqualify", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "QUALIFIED")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");

        JsonNode disqualified = http.post().uri("/api/leads/{id}/disqualify", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "NO_LONGER_INTERESTED", "note", "بودجه ندارند"))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(disqualified.get("status").asString()).isEqualTo("DISQUALIFIED");
        assertThat(disqualified.get("statusReason").asString()).isEqualTo("NO_LONGER_INTERESTED");
        assertThat(disqualified.get("statusNote").asString()).isEqualTo("بودجه ندارند");

        // A disqualified lead is read-only and cannot be disqualified or qualified again.
        http.patch().uri("/api/leads/{id}", id).contentType(MERGE_PATCH).bodyValue("{\"jobTitle\":\"x\"}")
                .exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:illegal-transition")
                .jsonPath("$.currentState").isEqualTo("DISQUALIFIED");
        http.post().uri("/api/leads/{id}/qualify", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("account", Map.of("create", true))).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.currentState").isEqualTo("DISQUALIFIED");

        JsonNode reopened = http.post().uri("/api/leads/{id}/reactivate", id).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(reopened.get("status").asString()).isEqualTo("OPEN");
        assertThat(reopened.get("statusReason").asString()).isEqualTo("NEW");
        http.post().uri("/api/leads/{id}/reactivate", id).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.currentState").isEqualTo("OPEN");
    }

    @Test
    void aCompletedActivityMakesANewLeadContacted() {
        String id = create(Map.of("lastName", "Called-Back")).get("id").asString();
        JsonNode planned = http.post().uri("/api/leads/{id}/activities", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "PHONE_CALL", "subject", "تماس پیگیری", "direction", "OUTBOUND",
                        "scheduledAt", "2026-12-01T09:00:00Z"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(get(id).get("statusReason").asString()).isEqualTo("NEW");

        http.post().uri("/api/leads/{id}/activities/{a}/complete", id, planned.get("id").asString())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.completedAt").exists();
        assertThat(get(id).get("statusReason").asString()).isEqualTo("CONTACTED");
        http.post().uri("/api/leads/{id}/activities/{a}/complete", id, planned.get("id").asString())
                .exchange().expectStatus().isEqualTo(409);

        http.post().uri("/api/leads/{id}/activities", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("type", "SMOKE_SIGNAL", "subject", "x")).exchange().expectStatus().isBadRequest();
        JsonNode page = http.get().uri("/api/leads/{id}/activities", id).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("items").get(0).get("subject").asString()).isEqualTo("تماس پیگیری");
    }

    @Test
    void anIdempotencyKeyReusedWithAnotherBodyIs422AndCreatesNothing() {
        http.post().uri("/api/leads").header("Idempotency-Key", "lifecycle-key-1").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("lastName", "First-Body")).exchange().expectStatus().isCreated();
        http.post().uri("/api/leads").header("Idempotency-Key", "lifecycle-key-1").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("lastName", "Second-Body")).exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:idempotency-key-reused");
        Long second = db.sql("SELECT count(*) FROM lead WHERE last_name = 'Second-Body'").map(r -> r.get(0, Long.class)).one().block();
        assertThat(second).isZero();
    }

    @Test
    void listsFilterByStatusAndPageWithoutRepeats() {
        for (int i = 0; i < 5; i++) {
            create(Map.of("lastName", "Paged-" + i, "companyName", "Paging Co"));
        }
        http.get().uri("/api/leads?status=SLEEPING").exchange().expectStatus().isBadRequest();
        http.get().uri("/api/leads?limit=0").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        JsonNode first = http.get().uri("/api/leads?status=OPEN&limit=2").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = http.get().uri("/api/leads?status=OPEN&limit=2&cursor={c}", first.get("nextCursor").asString())
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(second.get("items").get(0).get("id").asString())
                .isLessThan(first.get("items").get(1).get("id").asString());
    }

    private JsonNode create(Map<String, Object> body) {
        return http.post().uri("/api/leads").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode get(String id) {
        return http.get().uri("/api/leads/{id}", id).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
