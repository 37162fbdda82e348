package dev.salescrm.account.matching;

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

import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/** q= on accounts and contacts, the match endpoint lead-service calls, and duplicates on create. */
@ServiceTest
class CustomerSearchTest {

    static final String MONA = TestTokens.bearer("mona", "MARKETING");

    @Autowired WebTestClient http;
    @Autowired DatabaseClient db;

    private JsonNode post(String path, Map<String, Object> body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private List<String> search(String path, String q) {
        JsonNode page = http.get().uri(b -> b.path(path).queryParam("q", "{q}").build(q)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get("id").asString()));
        return ids;
    }

    @Test
    void searchMatchAndRejectUseTheNormalisedForms() {
        String account = post("/api/accounts", Map.of("name", "شرکت پروجان نوین", "phone", "021 8888 7777"))
                .get("id").asString();
        JsonNode created = post("/api/contacts", Map.of("firstName", "علی", "lastName", "رضایی", "accountId", account,
                "email", "ali@example.ir", "phone", "+98 912 123 4567"));
        String contact = created.get("id").asString();
        assertThat(created.get("duplicates")).isEmpty();

        assertThat(search("/api/contacts", "علي رضايي")).containsExactly(contact);
        assertThat(search("/api/contacts", "۰۹۱۲۱۲۳۴۵۶۷")).containsExactly(contact);
        assertThat(search("/api/accounts", "پروجان")).containsExactly(account);
        assertThat(search("/api/accounts", "+98 21 8888")).containsExactly(account);

        JsonNode match = http.post().uri("/api/contacts/match").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("firstName", "علي", "lastName", "رضايي", "companyName", "پروجان نوین",
                        "email", "ALI@example.ir"))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode first = match.get("duplicates").get(0);
        assertThat(first.get("id").asString()).isEqualTo(contact);
        assertThat(first.get("kind").asString()).isEqualTo("contact");
        assertThat(first.get("matchedOn").toString()).isEqualTo("[\"email\",\"name+company\"]");
        assertThat(match.get("duplicates").get(1).get("kind").asString()).isEqualTo("account");

        // Marketing may ask, but learns no ids.
        JsonNode blind = http.post().uri("/api/contacts/match").header(HttpHeaders.AUTHORIZATION, MONA)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "ali@example.ir"))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(blind.get("duplicates").get(0).has("id")).isFalse();

        // A question that breaks the request's rules is a 400 naming the field, like any other request.
        http.post().uri("/api/contacts/match").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "a".repeat(321) + "@example.ir")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("email");
        http.post().uri("/api/contacts/match").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "ali@example.ir", "salary", "1")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("salary");

        long before = db.sql("SELECT count(*) FROM contact").map(r -> r.get(0, Long.class)).one().block();
        http.post().uri("/api/contacts?onDuplicate=reject").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("lastName", "Other", "phone", "0912 123 4567")).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.duplicates[0].id").isEqualTo(contact)
                .jsonPath("$.duplicates[0].matchedOn[0]").isEqualTo("phone");
        assertThat(db.sql("SELECT count(*) FROM contact").map(r -> r.get(0, Long.class)).one().block()).isEqualTo(before);
    }
}
