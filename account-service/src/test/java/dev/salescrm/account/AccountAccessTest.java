package dev.salescrm.account;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import dev.salescrm.platform.security.AccessRules;
import dev.salescrm.platform.test.AuthorizationMatrix;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what with the customer database: the role matrix over every endpoint (marketing and
 * catalog admins get 403 everywhere), and "read all, write own" for sales reps on accounts and
 * contacts.
 */
@ServiceTest
class AccountAccessTest {

    static final String ALICE = TestTokens.bearer("alice", "SALES_REP");
    static final String BOB = TestTokens.bearer("bob", "SALES_REP");
    static final String MARYAM = TestTokens.bearer("maryam", "SALES_MANAGER");
    static final String BILL = TestTokens.bearer("bill", "BILLING");
    static final String MONA = TestTokens.bearer("mona", "MARKETING");

    @Autowired WebTestClient http;

    @Autowired ApplicationContext context;
    @Autowired AccessRules rules;
    @Autowired DatabaseClient db;

    @Test
    void everyEndpointFollowsTheAccessRules() {
        AuthorizationMatrix.verify(http, context, rules::roleNamesFor);
    }

    @Test
    void aRepReadsEveryAccountButChangesOnlyTheirOwn() {
        JsonNode bobs = post(BOB, "/api/accounts", Map.of("name", "Bob's Account")).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(bobs.get("ownerId").asString()).isEqualTo("bob");
        String id = bobs.get("id").asString();

        get(ALICE, "/api/accounts/" + id).expectStatus().isOk();
        get(BILL, "/api/accounts/" + id).expectStatus().isOk();
        patch(ALICE, "/api/accounts/" + id, Map.of("name", "Taken by Alice"))
                .expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:forbidden");
        // Bob may change his own account, but not give it away; a manager may.
        patch(BOB, "/api/accounts/" + id, Map.of("industry", "Retail")).expectStatus().isOk();
        patch(BOB, "/api/accounts/" + id, Map.of("ownerId", "alice"))
                .expectStatus().isForbidden().expectBody().jsonPath("$.field").isEqualTo("ownerId");
        patch(MARYAM, "/api/accounts/" + id, Map.of("ownerId", "alice")).expectStatus().isOk();
        patch(ALICE, "/api/accounts/" + id, Map.of("name", "Now Alice's")).expectStatus().isOk();
        patch(BOB, "/api/accounts/" + id, Map.of("name", "Bob again")).expectStatus().isForbidden();

        JsonNode after = get(MARYAM, "/api/accounts/" + id).expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(after.get("name").asString()).isEqualTo("Now Alice's");
        assertThat(after.get("ownerId").asString()).isEqualTo("alice");
        // Every event names who acted.
        assertThat(db.sql("SELECT payload->>'actor' FROM outbox WHERE aggregateid = :id ORDER BY seq")
                .bind("id", id).map(r -> r.get(0, String.class)).all().collectList().block())
                .containsExactly("bob", "bob", "maryam", "alice");
    }

    @Test
    void aRepCreatesOnlyForThemselvesWhileAManagerAssignsAnyone() {
        post(ALICE, "/api/accounts", Map.of("name", "Pushed To Bob", "ownerId", "bob"))
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:forbidden")
                .jsonPath("$.field").isEqualTo("ownerId");
        post(ALICE, "/api/contacts", Map.of("lastName", "Pushed-To-Bob", "ownerId", "bob"))
                .expectStatus().isForbidden().expectBody().jsonPath("$.field").isEqualTo("ownerId");
        JsonNode own = post(ALICE, "/api/accounts", Map.of("name", "Alice Own", "ownerId", "alice"))
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(own.get("ownerId").asString()).isEqualTo("alice");
        JsonNode assigned = post(MARYAM, "/api/accounts", Map.of("name", "Assigned To Bob", "ownerId", "bob"))
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(assigned.get("ownerId").asString()).isEqualTo("bob");
        Long pushed = db.sql("SELECT count(*) FROM account WHERE name = 'Pushed To Bob'")
                .map(r -> r.get(0, Long.class)).one().block();
        assertThat(pushed).isZero();
    }

    @Test
    void aRepChangesOnlyTheirOwnContactsAndOthersNever() {
        JsonNode bobs = post(BOB, "/api/contacts", Map.of("firstName", "Sara", "lastName", "Ahmadi"))
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        String path = "/api/contacts/" + bobs.get("id").asString();
        assertThat(bobs.get("ownerId").asString()).isEqualTo("bob");

        get(ALICE, path).expectStatus().isOk();
        patch(ALICE, path, Map.of("jobTitle", "CEO")).expectStatus().isForbidden();
        patch(BOB, path, Map.of("jobTitle", "CEO")).expectStatus().isOk();
        patch(BOB, path, Map.of("ownerId", "alice")).expectStatus().isForbidden();
        patch(MARYAM, path, Map.of("ownerId", "alice")).expectStatus().isOk();

        // Marketing never sees the customer database, not even a record that exists.
        get(MONA, path).expectStatus().isForbidden();
        get(MONA, "/api/accounts").expectStatus().isForbidden();
        patch(BILL, path, Map.of("jobTitle", "CFO")).expectStatus().isForbidden();
    }

    private WebTestClient.ResponseSpec post(String token, String path, Map<String, Object> body) {
        return http.post().uri(path).header(HttpHeaders.AUTHORIZATION, token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec patch(String token, String path, Map<String, Object> body) {
        return http.patch().uri(path).header(HttpHeaders.AUTHORIZATION, token)
                .contentType(MediaType.parseMediaType("application/merge-patch+json")).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec get(String token, String path) {
        return http.get().uri(path).header(HttpHeaders.AUTHORIZATION, token).exchange();
    }
}
