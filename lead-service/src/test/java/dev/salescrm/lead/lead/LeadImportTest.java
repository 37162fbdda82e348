package dev.salescrm.lead.lead;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.platform.test.ServiceTest;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/leads/import: a 20,000-row CSV, its exact per-row report, and a retry under the same key. */
@ServiceTest
class LeadImportTest {

    /** The 20,000 rows (about 20 s here, see lead-service README, "Performance notes"); -Dimport.rows=… to vary. */
    static final int ROWS = Integer.getInteger("import.rows", 20_000);

    @Autowired WebTestClient http;
    @Autowired DatabaseClient db;
    @Autowired JsonMapper json;

    /** Row i (1-based): every 1000th has no name (rejected), every 1500th a bad e-mail, every 700th repeats row i-1's e-mail. */
    static String expected(int i) {
        if (i % 1000 == 0 || i % 1500 == 0) {
            return "rejected";
        }
        return i % 700 == 0 ? "duplicate" : "created";
    }

    static String csv() {
        StringBuilder out = new StringBuilder("\uFEFFfirstName,lastName,companyName,email,phone,source,description\r\n");
        for (int i = 1; i <= ROWS; i++) {
            String name = UUID.nameUUIDFromBytes(("n" + i).getBytes(StandardCharsets.UTF_8)).toString().substring(0, 13);
            String company = UUID.nameUUIDFromBytes(("c" + i).getBytes(StandardCharsets.UTF_8)).toString().substring(0, 13);
            String email = i % 1500 == 0 ? "not-an-email" : i % 700 == 0 ? "imp" + (i - 1) + "@example.ir" : "imp" + i + "@example.ir";
            String last = i % 1000 == 0 ? "" : name;
            String co = i % 1000 == 0 ? "" : company;
            String description = i == 1 ? "\"شرکت «پروجان»، تهران\nline two, \"\"quoted\"\"\"" : "";
            out.append(i == 2 ? "علی" : "").append(',').append(last).append(',').append(co).append(',')
                    .append(email).append(',').append(String.format("0912%07d", i)).append(',')
                    .append(i % 3 == 0 ? "WEB" : "").append(',').append(description).append(i % 2 == 0 ? "\n" : "\r\n");
        }
        return out.toString();
    }

    private JsonNode upload(byte[] body, String key) {
        long started = System.nanoTime();
        JsonNode report = http.mutate().responseTimeout(java.time.Duration.ofMinutes(4))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(32 * 1024 * 1024)).build()
                .post().uri("/api/leads/import").header("Idempotency-Key", key)
                .contentType(MediaType.parseMediaType("text/csv")).bodyValue(body)
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        System.out.printf("IMPORT %d rows: %d ms%n", ROWS, (System.nanoTime() - started) / 1_000_000);
        return report;
    }

    private long count(String sql, Object job) {
        return db.sql(sql).bind("job", job).map(r -> r.get(0, Long.class)).one().block();
    }

    @Test
    void aLargeFileIsReportedRowByRowAndARetryCreatesNothingNew() {
        byte[] body = csv().getBytes(StandardCharsets.UTF_8);
        String key = "import-" + UUID.randomUUID();

        JsonNode report = upload(body, key);
        int created = 0;
        int duplicates = 0;
        int rejected = 0;
        assertThat(report.get("rows")).hasSize(ROWS);
        for (int i = 1; i <= ROWS; i++) {
            JsonNode row = report.get("rows").get(i - 1);
            assertThat(row.get("row").asInt()).isEqualTo(i);
            String status = expected(i);
            assertThat(row.get("status").asString()).as("row %d", i).isEqualTo(status);
            switch (status) {
                case "created" -> {
                    created++;
                    assertThat(row.get("leadId").asString()).isNotBlank();
                }
                case "duplicate" -> {
                    duplicates++;
                    assertThat(row.get("duplicates").get(0).get("kind").asString()).isEqualTo("row:" + (i - 1));
                    assertThat(row.get("duplicates").get(0).get("matchedOn").get(0).asString()).isEqualTo("email");
                }
                default -> {
                    rejected++;
                    assertThat(row.get("errors").findValuesAsString("field"))
                            .contains(i % 1000 == 0 ? "lastName" : "email");
                }
            }
        }
        assertThat(report.get("created").asInt()).isEqualTo(created);
        assertThat(report.get("duplicates").asInt()).isEqualTo(duplicates);
        assertThat(report.get("rejected").asInt()).isEqualTo(rejected);
        assertThat(created + duplicates + rejected).isEqualTo(ROWS);
        // Every 700th row repeats an e-mail, unless it is also a 1000th or 1500th row (rejected first).
        assertThat(duplicates).isEqualTo(ROWS / 700 - ROWS / 7000 - ROWS / 10500 + ROWS / 21000);

        UUID job = UUID.fromString(report.get("jobId").asString());
        assertThat(count("SELECT count(*) FROM lead WHERE import_job_id = :job", job)).isEqualTo(created);
        // Fresh statistics first: 20,000 new rows on both sides, and a stale plan (nested loop over a
        // text cast) ran past the statement timeout.
        db.sql("ANALYZE lead").then().then(db.sql("ANALYZE outbox").then()).block();
        assertThat(count("SELECT count(*) FROM outbox o WHERE o.type = 'crm.lead.created.v1' AND o.aggregateid IN "
                + "(SELECT l.id::text FROM lead l WHERE l.import_job_id = :job)", job)).isEqualTo(created);

        // Quoted commas, line breaks, doubled quotes, Persian text and the BOM survive.
        String firstId = report.get("rows").get(0).get("leadId").asString();
        JsonNode first = http.get().uri("/api/leads/{id}", firstId).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(first.get("description").asString()).isEqualTo("شرکت «پروجان»، تهران\nline two, \"quoted\"");
        assertThat(first.get("phone").asString()).isEqualTo("09120000001");
        JsonNode second = http.get().uri("/api/leads/{id}", report.get("rows").get(1).get("leadId").asString())
                .exchange().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(second.get("firstName").asString()).isEqualTo("علی");

        // The same upload again under its key: the same report, nothing stored, no new event.
        long leadsBefore = count("SELECT count(*) FROM lead WHERE :job IS NOT NULL", job);
        long outboxBefore = count("SELECT count(*) FROM outbox WHERE :job IS NOT NULL", job);
        JsonNode again = upload(body, key);
        assertThat(again.get("rows")).isEqualTo(report.get("rows"));
        assertThat(again.get("created").asInt()).isEqualTo(created);
        assertThat(count("SELECT count(*) FROM lead WHERE :job IS NOT NULL", job)).isEqualTo(leadsBefore);
        assertThat(count("SELECT count(*) FROM outbox WHERE :job IS NOT NULL", job)).isEqualTo(outboxBefore);
        assertThat(count("SELECT attempts FROM import_job WHERE id = :job", job)).isEqualTo(2);

        // Under another key, every good row is now a duplicate of the stored leads.
        JsonNode other = upload(body, "import-" + UUID.randomUUID());
        assertThat(other.get("created").asInt()).isZero();
        assertThat(other.get("duplicates").asInt()).isEqualTo(created + duplicates);
        assertThat(other.get("rows").get(0).get("duplicates").get(0).get("id").asString()).isEqualTo(firstId);
    }

    @Test
    void anUnknownColumnIsABadRequestAndStoresNothing() {
        http.post().uri("/api/leads/import").contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("lastName,status\nX,QUALIFIED\n".getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
