package dev.salescrm.lead.lead;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * q= search on normalised columns, duplicate detection on create and qualify, and the trigram
 * index. account-service is played by a stub HTTP server answering {@code POST /api/contacts/match}.
 */
@ServiceTest
class LeadSearchTest {

    static final String ALICE = TestTokens.bearer("alice", "SALES_REP");
    static final String BOB = TestTokens.bearer("bob", "SALES_REP");

    /** account-service's match endpoint: a contact for one e-mail, "down" (503) for another, else nothing. */
    static final DisposableServer ACCOUNT_SERVICE = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.post("/api/contacts/match", (request, response) -> request.receive().aggregate()
                    .asString().defaultIfEmpty("").flatMap(body -> {
                        if (body.contains("down@")) {
                            return response.status(503).send().then();
                        }
                        String answer = body.contains("known.contact@example.ir")
                                ? "{\"duplicates\":[{\"id\":\"0190a0c0-0000-7000-8000-000000000001\",\"kind\":\"contact\",\"matchedOn\":[\"email\"]}]}"
                                : "{\"duplicates\":[]}";
                        return response.header("Content-Type", "application/json").sendString(Mono.just(answer)).then();
                    })))
            .bindNow();

    @DynamicPropertySource
    static void accountService(DynamicPropertyRegistry registry) {
        registry.add("crm.duplicates.account-service", () -> "http://127.0.0.1:" + ACCOUNT_SERVICE.port());
    }

    @AfterAll
    static void stop() {
        ACCOUNT_SERVICE.disposeNow();
    }

    @Autowired WebTestClient http;
    @Autowired DatabaseClient db;

    private JsonNode create(String token, Map<String, Object> body) {
        return http.post().uri("/api/leads").header(HttpHeaders.AUTHORIZATION, token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode create(Map<String, Object> body) {
        return http.post().uri("/api/leads")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private List<String> search(String token, String q) {
        WebTestClient.RequestHeadersSpec<?> request = http.get()
                .uri(b -> b.path("/api/leads").queryParam("q", "{q}").queryParam("limit", 20).build(q));
        if (token != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, token);
        }
        JsonNode page = request.exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(page.get("nextCursor").isNull()).isTrue();
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }

    @Test
    void arabicSpellingDigitsAndPartialCompanyFindTheLead() {
        String id = create(Map.of("firstName", "علی", "lastName", "رضایی", "companyName", "شرکت پروجان نوین",
                "email", "Ali.Rezaei@Example.IR", "phone", "+98 912 123 4567")).get("id").asString();
        String other = create(Map.of("firstName", "Sara", "lastName", "Karimi", "companyName", "Acme Trading GmbH",
                "phone", "021 8888 7777")).get("id").asString();

        assertThat(search(null, "علي رضايي")).containsExactly(id);          // Arabic yeh
        assertThat(search(null, "۰۹۱۲۱۲۳۴۵۶۷")).containsExactly(id);        // Persian digits, trunk zero
        assertThat(search(null, "00989121234567")).containsExactly(id);
        assertThat(search(null, "123 4567")).containsExactly(id);           // in-word part of the number
        assertThat(search(null, "پروجان")).containsExactly(id);             // partial company, in-word
        assertThat(search(null, "ali.rezaei@EXAMPLE")).containsExactly(id);
        assertThat(search(null, "رضـــایی")).containsExactly(id);            // tatweel
        assertThat(search(null, "acme trad")).containsExactly(other);
        assertThat(search(null, "ACME")).containsExactly(other);
        assertThat(search(null, "nobody-like-this")).isEmpty();
        assertThat(search(null, "100%")).isEmpty();                          // LIKE wildcards are literal
    }

    @Test
    void anExactMatchRanksBeforeAPrefixBeforeAnInWordMatch() {
        String inWord = create(Map.of("lastName", "Tehranirankco")).get("id").asString();
        String prefix = create(Map.of("lastName", "Rankcola")).get("id").asString();
        String exact = create(Map.of("companyName", "rankco")).get("id").asString();
        assertThat(search(null, "RANKCO")).containsExactly(exact, prefix, inWord);
    }

    @Test
    void aRepFindsOnlyTheirOwnAndUnassignedLeads() {
        String alices = create(ALICE, Map.of("lastName", "Visibilitytest Alice")).get("id").asString();
        String bobs = create(BOB, Map.of("lastName", "Visibilitytest Bob")).get("id").asString();
        String unassigned = create(Map.of("lastName", "Visibilitytest Nobody")).get("id").asString();

        assertThat(search(ALICE, "visibilitytest")).containsExactlyInAnyOrder(alices, unassigned);
        assertThat(search(BOB, "visibilitytest")).containsExactlyInAnyOrder(bobs, unassigned);
        assertThat(search(null, "visibilitytest")).containsExactlyInAnyOrder(alices, bobs, unassigned);
    }

    @Test
    void aCreatedLeadReportsItsDuplicatesAndRejectStoresNothing() {
        String first = create(Map.of("firstName", "محمد", "lastName", "كريمي", "companyName", "پارس داده",
                "email", "m.karimi@example.ir", "phone", "0912 555 1234")).get("id").asString();

        JsonNode second = create(Map.of("firstName", "محمد", "lastName", "کریمی", "companyName", "پارس داده",
                "email", "M.Karimi@example.IR", "phone", "+98 912 555 1234"));
        assertThat(second.get("duplicates")).hasSize(1);
        JsonNode duplicate = second.get("duplicates").get(0);
        assertThat(duplicate.get("id").asString()).isEqualTo(first);
        assertThat(duplicate.get("kind").asString()).isEqualTo("lead");
        assertThat(duplicate.get("matchedOn").toString()).isEqualTo("[\"email\",\"phone\",\"name+company\"]");
        assertThat(second.has("warnings")).isFalse();

        // Name + company alone: similar enough, with a different e-mail and no phone.
        JsonNode third = create(Map.of("firstName", "محمد", "lastName", "کریمی", "companyName", "شرکت پارس داده",
                "email", "other@example.ir"));
        assertThat(third.get("duplicates").get(0).get("matchedOn").toString()).contains("name+company");

        long before = count("SELECT count(*) FROM lead");
        long outboxBefore = count("SELECT count(*) FROM outbox");
        http.post().uri("/api/leads?onDuplicate=reject").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("lastName", "Someone Else", "email", "m.karimi@EXAMPLE.ir"))
                .exchange().expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:duplicate")
                .jsonPath("$.duplicates[0].kind").isEqualTo("lead")
                .jsonPath("$.duplicates[0].matchedOn[0]").isEqualTo("email");
        assertThat(count("SELECT count(*) FROM lead")).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM outbox")).isEqualTo(outboxBefore);

        // No duplicate: reject creates as usual, with an empty list.
        JsonNode fresh = http.post().uri("/api/leads?onDuplicate=reject").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("lastName", "Entirely New Person", "email", "new.person@example.ir"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(fresh.get("duplicates")).isEmpty();
    }

    @Test
    void concurrentCreatesOfOnePersonAreCheckedOneAfterAnother() throws Exception {
        int clients = 12;
        // onDuplicate=reject: exactly one of the concurrent creates gets in, every other one is told of it.
        List<Integer> statuses = concurrently(clients, i -> http.post().uri("/api/leads?onDuplicate=reject")
                .header(HttpHeaders.AUTHORIZATION, ALICE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("lastName", "Racer " + i, "email", (i % 2 == 0 ? "Same.Person" : "same.person")
                        + "@race.example.ir"))
                .exchange().returnResult(String.class).getStatus().value());
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM lead WHERE email_norm = 'same.person@race.example.ir'")).isEqualTo(1);

        // Reported, not rejected: all are stored, and each sees every one stored before it — 0 + 1 + … + n-1.
        List<Integer> reported = concurrently(clients, i -> http.post().uri("/api/leads")
                .header(HttpHeaders.AUTHORIZATION, ALICE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("lastName", "Twin " + i, "phone", "+98 912 777 0101"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("duplicates").size());
        assertThat(reported).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, clients).boxed().toList());
    }

    /** Runs {@code call} for 0..n-1 on n threads released together; the results in index order. */
    private static <T> List<T> concurrently(int n, java.util.function.IntFunction<T> call) throws Exception {
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(n)) {
            List<java.util.concurrent.Future<T>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                results.add(pool.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<T> values = new ArrayList<>();
            for (var result : results) {
                values.add(result.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return values;
        }
    }

    @Test
    void aRepLearnsThatAnotherRepsLeadMatchesButNotWhichOne() {
        create(BOB, Map.of("lastName", "Secretive", "email", "hidden.match@example.ir"));
        JsonNode alices = create(ALICE, Map.of("lastName", "Curious", "email", "hidden.match@example.ir"));
        JsonNode duplicate = alices.get("duplicates").get(0);
        assertThat(duplicate.has("id")).isFalse();
        assertThat(duplicate.get("kind").asString()).isEqualTo("lead");
        assertThat(duplicate.get("matchedOn").get(0).asString()).isEqualTo("email");
    }

    @Test
    void contactsInAccountServiceAreDuplicatesAndItsAbsenceIsAWarningNotAFailure() {
        JsonNode withContact = create(Map.of("lastName", "Known", "email", "known.contact@example.ir"));
        JsonNode contact = withContact.get("duplicates").get(0);
        assertThat(contact.get("kind").asString()).isEqualTo("contact");
        assertThat(contact.get("id").asString()).isEqualTo("0190a0c0-0000-7000-8000-000000000001");

        http.post().uri("/api/leads?onDuplicate=reject").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("lastName", "Known Again", "email", "KNOWN.contact@example.ir"))
                .exchange().expectStatus().isEqualTo(409);

        JsonNode degraded = create(Map.of("lastName", "Unchecked", "email", "down@example.ir"));
        assertThat(degraded.get("duplicates")).isEmpty();
        assertThat(degraded.get("warnings").get(0).asString()).contains("not checked");
    }

    @Test
    void theTrigramIndexServesTheSearchOnALargeTable() {
        db.sql("""
                INSERT INTO lead (id, first_name, last_name, company_name, status, status_reason, version,
                                  created_at, updated_at, name_norm, company_norm, search_text)
                SELECT gen_random_uuid(), 'bulk', 'person' || i, 'company ' || i, 'OPEN', 'NEW', 1, now(), now(),
                       'bulk person' || i, 'company ' || i, 'bulk person' || i || ' | company ' || i
                FROM generate_series(1, 20000) AS i
                """).fetch().rowsUpdated().block();
        // VACUUM also moves the new rows out of the GIN index's pending list (fastupdate), as autovacuum would.
        db.sql("VACUUM ANALYZE lead").fetch().rowsUpdated().block();

        String plan = String.join("\n", db.sql("EXPLAIN SELECT * FROM lead WHERE search_text LIKE '%person1234%'")
                .map(r -> r.get(0, String.class)).all().collectList().block());
        assertThat(plan).contains("lead_search_trgm");
        // and the API answers from it: one row of 20,000
        assertThat(search(null, "person12345")).hasSize(1);
    }
}
