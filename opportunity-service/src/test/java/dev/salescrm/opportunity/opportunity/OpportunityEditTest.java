package dev.salescrm.opportunity.opportunity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PATCH /api/opportunities/{id}: a JSON merge patch of an open opportunity — each field alone, what
 * {@code null} clears, If-Match, closed opportunities, the customer replica, the owner rule, and
 * that every refused patch is a problem and leaves the stored row exactly as it was.
 */
@ServiceTest
class OpportunityEditTest {

    static final String ALICE = TestTokens.bearer("alice", "SALES_REP");
    static final String BOB = TestTokens.bearer("bob", "SALES_REP");
    static final String MARYAM = TestTokens.bearer("maryam", "SALES_MANAGER");
    static final MediaType MERGE_PATCH = MediaType.parseMediaType("application/merge-patch+json");

    @Autowired WebTestClient http;
    @Autowired DatabaseClient db;
    @Autowired OpportunityRepository repository;

    // ---- fixtures ------------------------------------------------------------------------------

    private UUID knownAccount() {
        return known("ACCOUNT");
    }

    private UUID knownContact() {
        return known("CONTACT");
    }

    private UUID known(String kind) {
        UUID id = Ids.newId();
        db.sql("INSERT INTO known_customer (id, kind, name, version) VALUES (:id, :kind, :name, 1)")
                .bind("id", id).bind("kind", kind).bind("name", "مشتری " + id).fetch().rowsUpdated().block();
        return id;
    }

    /** An opportunity of a known account: 1000.00 USD, closing 2027-01-31, in QUALIFY at 10 %. */
    private UUID seed(String owner, String statusReason) {
        return seed(owner, statusReason, knownAccount());
    }

    private UUID seed(String owner, String statusReason, UUID accountId) {
        UUID id = Ids.newId();
        String status = statusReason.equals("IN_PROGRESS") ? "OPEN" : statusReason.equals("WON") ? "WON" : "LOST";
        db.sql("""
                        INSERT INTO opportunity (id, name, account_id, owner_id, stage, status, status_reason, probability,
                                                 estimated_revenue_amount, estimated_revenue_currency, estimated_close_date,
                                                 version, created_at, created_by, updated_at)
                        VALUES (:id, 'Original deal', :account, :owner, 'PROPOSE', :status, :reason, 60,
                                1000.00, 'USD', DATE '2027-01-31', 1, now(), 'maryam', now())
                        """)
                .bind("id", id).bind("account", accountId).bind("owner", owner)
                .bind("status", status).bind("reason", statusReason)
                .fetch().rowsUpdated().block();
        return id;
    }

    /** Everything a patch could touch, as stored. */
    private Map<String, Object> row(UUID id) {
        return db.sql("""
                        SELECT name, account_id, contact_id, owner_id, stage, status, status_reason, probability,
                               estimated_revenue_amount, estimated_revenue_currency, estimated_close_date, price_list_id,
                               version, updated_at
                          FROM opportunity WHERE id = :id
                        """)
                .bind("id", id).fetch().one().block();
    }

    private WebTestClient.ResponseSpec patch(String token, UUID id, String ifMatch, String body) {
        var request = http.patch().uri("/api/opportunities/{id}", id).header(HttpHeaders.AUTHORIZATION, token);
        if (ifMatch != null) {
            request = request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        return request.contentType(MERGE_PATCH).bodyValue(body).exchange();
    }

    private JsonNode ok(WebTestClient.ResponseSpec response, long version) {
        return response.expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"" + version + "\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** A refused patch: the status, a problem naming {@code field}, and the row exactly as before. */
    private void refused(String token, UUID id, String body, int status, String field) {
        Map<String, Object> before = row(id);
        JsonNode problem = patch(token, id, null, body).expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        if (status == 400) {
            assertThat(problem.get("type").asString()).isEqualTo("urn:crm:problem:validation");
            assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString()))
                    .as(body).contains(field);
        } else if (status == 403) {
            assertThat(problem.get("field").asString()).isEqualTo(field);
        }
        assertThat(row(id)).as("after " + body).isEqualTo(before);
    }

    // ---- each field ----------------------------------------------------------------------------

    @Test
    void eachFieldChangesAloneAndEveryOtherStaysAsItWas() {
        UUID id = seed("alice", "IN_PROGRESS");

        JsonNode renamed = ok(patch(ALICE, id, "\"1\"", """
                {"name": "استقرار CRM — شرکت پروجان ۱۴۰۵"}"""), 2);
        assertThat(renamed.get("name").asString()).isEqualTo("استقرار CRM — شرکت پروجان ۱۴۰۵");
        assertThat(renamed.get("version").asLong()).isEqualTo(2);
        assertThat(renamed.get("probability").asInt()).isEqualTo(60);
        assertThat(renamed.at("/estimatedRevenue/amount").asString()).isEqualTo("1000.00");
        assertThat(renamed.get("estimatedCloseDate").asString()).isEqualTo("2027-01-31");
        assertThat(renamed.get("ownerId").asString()).isEqualTo("alice");
        assertThat(renamed.get("stage").asString()).isEqualTo("PROPOSE");
        assertThat(row(id)).containsEntry("name", "استقرار CRM — شرکت پروجان ۱۴۰۵").containsEntry("version", 2L);

        assertThat(ok(patch(ALICE, id, "\"2\"", "{\"probability\": 45}"), 3).get("probability").asInt()).isEqualTo(45);
        assertThat(ok(patch(ALICE, id, null, "{\"probability\": 0}"), 4).get("probability").asInt()).isZero();
        assertThat(ok(patch(ALICE, id, null, "{\"probability\": 100}"), 5).get("probability").asInt()).isEqualTo(100);
        assertThat(ok(patch(ALICE, id, null, "{\"estimatedCloseDate\": \"2027-03-15\"}"), 6)
                .get("estimatedCloseDate").asString()).isEqualTo("2027-03-15");

        JsonNode revenue = ok(patch(ALICE, id, null, """
                {"estimatedRevenue": {"amount": "12500000000", "currency": "IRR"}}"""), 7);
        assertThat(revenue.at("/estimatedRevenue/amount").asString()).isEqualTo(Money.of("12500000000", "IRR").amountString());
        assertThat(revenue.at("/estimatedRevenue/currency").asString()).isEqualTo("IRR");
        // Merge semantics inside the money object too: the amount alone keeps the currency.
        JsonNode amountOnly = ok(patch(ALICE, id, null, "{\"estimatedRevenue\": {\"amount\": \"0.125\"}}"), 8);
        assertThat(amountOnly.at("/estimatedRevenue/currency").asString()).isEqualTo("IRR");
        assertThat(amountOnly.at("/estimatedRevenue/amount").asString()).isEqualTo(Money.of("0.125", "IRR").amountString());
        JsonNode usd = ok(patch(ALICE, id, null, "{\"estimatedRevenue\": {\"amount\": \"1199.995\", \"currency\": \"USD\"}}"), 9);
        assertThat(usd.at("/estimatedRevenue/amount").asString()).isEqualTo("1200.00"); // half-even to cents

        UUID priceList = Ids.newId();
        assertThat(ok(patch(ALICE, id, null, "{\"priceListId\": \"" + priceList + "\"}"), 10)
                .get("priceListId").asString()).isEqualTo(priceList.toString());

        UUID contact = knownContact();
        JsonNode ofContact = ok(patch(ALICE, id, null, "{\"accountId\": null, \"contactId\": \"" + contact + "\"}"), 11);
        assertThat(ofContact.get("contactId").asString()).isEqualTo(contact.toString());
        assertThat(ofContact.get("accountId").isNull()).isTrue();
        UUID account = knownAccount();
        JsonNode ofAccount = ok(patch(ALICE, id, null, "{\"accountId\": \"" + account + "\", \"contactId\": null}"), 12);
        assertThat(ofAccount.get("accountId").asString()).isEqualTo(account.toString());

        Map<String, Object> stored = row(id);
        assertThat(stored).containsEntry("account_id", account).containsEntry("contact_id", null)
                .containsEntry("price_list_id", priceList).containsEntry("probability", (short) 100)
                .containsEntry("estimated_revenue_currency", "USD").containsEntry("stage", "PROPOSE")
                .containsEntry("status", "OPEN").containsEntry("version", 12L);
        assertThat(stored.get("estimated_revenue_amount").toString()).isEqualTo("1200.0000");
        // The new representation is what a GET then returns.
        http.get().uri("/api/opportunities/{id}", id).header(HttpHeaders.AUTHORIZATION, ALICE).exchange()
                .expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"12\"")
                .expectBody().jsonPath("$.priceListId").isEqualTo(priceList.toString())
                .jsonPath("$.name").isEqualTo("استقرار CRM — شرکت پروجان ۱۴۰۵");
    }

    @Test
    void severalFieldsChangeTogetherInOneVersionAndPlainJsonIsAcceptedToo() {
        UUID id = seed("alice", "IN_PROGRESS");
        JsonNode body = http.patch().uri("/api/opportunities/{id}", id).header(HttpHeaders.AUTHORIZATION, ALICE)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"Bigger deal\", \"probability\": 70, \"estimatedCloseDate\": \"2027-06-30\"}")
                .exchange().expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body.get("name").asString()).isEqualTo("Bigger deal");
        assertThat(body.get("probability").asInt()).isEqualTo(70);
        assertThat(body.get("estimatedCloseDate").asString()).isEqualTo("2027-06-30");
        assertThat(row(id)).containsEntry("version", 2L);
    }

    @Test
    void nullClearsWhatAnOpportunityMayBeWithoutAndNothingElse() {
        UUID id = seed("alice", "IN_PROGRESS");
        ok(patch(MARYAM, id, null, "{\"priceListId\": \"" + Ids.newId() + "\"}"), 2);

        JsonNode cleared = ok(patch(MARYAM, id, "\"2\"", """
                {"estimatedRevenue": null, "estimatedCloseDate": null, "priceListId": null, "ownerId": null}"""), 3);
        assertThat(cleared.get("estimatedRevenue").isNull()).isTrue();
        assertThat(cleared.get("estimatedCloseDate").isNull()).isTrue();
        assertThat(cleared.get("priceListId").isNull()).isTrue();
        assertThat(cleared.get("ownerId").isNull()).isTrue();
        assertThat(row(id)).containsEntry("estimated_revenue_amount", null).containsEntry("estimated_revenue_currency", null)
                .containsEntry("estimated_close_date", null).containsEntry("price_list_id", null)
                .containsEntry("owner_id", null).containsEntry("name", "Original deal");

        // An opportunity always has a name, a probability and a customer.
        refused(MARYAM, id, "{\"name\": null}", 400, "name");
        refused(MARYAM, id, "{\"probability\": null}", 400, "probability");
        refused(MARYAM, id, "{\"accountId\": null}", 400, "accountId");
        // Without revenue, an amount alone is no money.
        refused(MARYAM, id, "{\"estimatedRevenue\": {\"amount\": \"5.00\"}}", 400, "estimatedRevenue.currency");
        JsonNode again = ok(patch(MARYAM, id, null, "{\"estimatedRevenue\": {\"amount\": \"5\", \"currency\": \"EUR\"}}"), 4);
        assertThat(again.at("/estimatedRevenue/amount").asString()).isEqualTo("5.00");
        // Clearing both members of the money object clears the revenue, as the RFC merges objects.
        JsonNode none = ok(patch(MARYAM, id, null, "{\"estimatedRevenue\": {\"amount\": null, \"currency\": null}}"), 5);
        assertThat(none.get("estimatedRevenue").isNull()).isTrue();
    }

    @Test
    void aPatchThatChangesNothingWritesNothing() {
        UUID id = seed("alice", "IN_PROGRESS");
        Map<String, Object> before = row(id);
        ok(patch(ALICE, id, "\"1\"", "{}"), 1);
        ok(patch(ALICE, id, null, "{\"name\": \"Original deal\", \"probability\": 60, \"ownerId\": \"alice\"}"), 1);
        assertThat(row(id)).isEqualTo(before);
    }

    // ---- If-Match --------------------------------------------------------------------------------

    @Test
    void ifMatchFollowsTheSuitesConventionStaleIs412AbsentIsTheVersionCheckAlone() {
        UUID id = seed("alice", "IN_PROGRESS");
        ok(patch(ALICE, id, "\"1\"", "{\"name\": \"First\"}"), 2);

        Map<String, Object> before = row(id);
        patch(ALICE, id, "\"1\"", "{\"name\": \"Lost update\"}").expectStatus().isEqualTo(412)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"")
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:precondition-failed");
        patch(ALICE, id, "W/\"2\"", "{\"name\": \"Weak\"}").expectStatus().isEqualTo(412);
        patch(ALICE, id, "not-an-etag", "{\"name\": \"Malformed\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("If-Match");
        assertThat(row(id)).isEqualTo(before);

        // As for every write in this suite (platform ETags): If-Match is not required — 428 is never
        // answered; without it the update still runs under the version check.
        ok(patch(ALICE, id, null, "{\"name\": \"Without If-Match\"}"), 3);
        ok(patch(ALICE, id, "*", "{\"name\": \"Any version\"}"), 4);
        ok(patch(ALICE, id, "\"3\", \"4\"", "{\"name\": \"One of a list\"}"), 5);
    }

    @Test
    void aWriteOverAVersionSomeoneElseChangedInBetweenIsRefused() {
        UUID id = seed("alice", "IN_PROGRESS");
        Opportunity read = repository.findById(id).block();
        ok(patch(ALICE, id, null, "{\"name\": \"Meanwhile\"}"), 2);
        Opportunity late = read.edit(new Opportunity.Details("Late", read.customer(), read.ownerId(), read.probability(),
                read.estimatedRevenue(), read.estimatedCloseDate(), read.priceListId()), Instant.now().truncatedTo(ChronoUnit.MICROS));
        assertThatThrownBy(() -> repository.updateDetails(late).block()).isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(row(id)).containsEntry("name", "Meanwhile").containsEntry("version", 2L);
    }

    // ---- what may not be patched ----------------------------------------------------------------

    @Test
    void aWonOrLostOpportunityCannotBeEditedUntilItIsReopened() {
        UUID won = seed("alice", "WON");
        UUID lost = seed("alice", "OUT_SOLD");
        for (UUID id : new UUID[] {won, lost}) {
            Map<String, Object> before = row(id);
            String status = id == won ? "WON" : "LOST";
            patch(ALICE, id, "\"1\"", "{\"name\": \"Rewritten history\"}").expectStatus().isEqualTo(409)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("urn:crm:problem:illegal-transition")
                    .jsonPath("$.currentState").isEqualTo(status + "/PROPOSE")
                    .jsonPath("$.action").isEqualTo("edit");
            patch(ALICE, id, null, "{}").expectStatus().isEqualTo(409);
            assertThat(row(id)).isEqualTo(before);
        }

        http.post().uri("/api/opportunities/{id}/reopen", won).header(HttpHeaders.AUTHORIZATION, ALICE).exchange()
                .expectStatus().isOk();
        assertThat(ok(patch(ALICE, won, "\"2\"", "{\"name\": \"Reopened and renamed\"}"), 3).get("name").asString())
                .isEqualTo("Reopened and renamed");
    }

    @Test
    void stageStatusAndReadOnlyFieldsAreNotFieldsOfAPatch() {
        UUID id = seed("alice", "IN_PROGRESS");
        refused(ALICE, id, "{\"stage\": \"CLOSE\"}", 400, "stage");
        refused(ALICE, id, "{\"status\": \"WON\"}", 400, "status");
        refused(ALICE, id, "{\"statusReason\": \"WON\"}", 400, "statusReason");
        refused(ALICE, id, "{\"name\": \"Sneaky\", \"stage\": \"CLOSE\"}", 400, "stage");
        for (String field : new String[] {"id", "version", "createdAt", "createdBy", "updatedAt", "sourceLeadId",
                "sourceCampaignResponseId", "actualCloseDate", "closeNote", "description", "isAdmin"}) {
            refused(ALICE, id, "{\"" + field + "\": \"x\"}", 400, field);
        }
        patch(ALICE, id, null, "{\"stage\": \"CLOSE\"}").expectBody()
                .jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("/stage"));
    }

    @Test
    void badValuesAreProblemsNamingTheFieldAndChangeNothing() {
        UUID id = seed("alice", "IN_PROGRESS");
        refused(ALICE, id, "{\"name\": \"\"}", 400, "name");
        refused(ALICE, id, "{\"name\": \"   \"}", 400, "name");
        refused(ALICE, id, "{\"name\": \"" + "ن".repeat(301) + "\"}", 400, "name");
        refused(ALICE, id, "{\"name\": 42}", 400, "name");
        refused(ALICE, id, "{\"probability\": 101}", 400, "probability");
        refused(ALICE, id, "{\"probability\": -1}", 400, "probability");
        refused(ALICE, id, "{\"probability\": 50.5}", 400, "probability");
        refused(ALICE, id, "{\"probability\": \"50\"}", 400, "probability");
        refused(ALICE, id, "{\"probability\": 99999999999999999999}", 400, "probability");
        refused(ALICE, id, "{\"estimatedRevenue\": {\"amount\": \"-1.00\", \"currency\": \"USD\"}}", 400, "estimatedRevenue");
        refused(ALICE, id, "{\"estimatedRevenue\": {\"amount\": 12.5, \"currency\": \"USD\"}}", 400, "estimatedRevenue.amount");
        refused(ALICE, id, "{\"estimatedRevenue\": {\"amount\": \"1e5\"}}", 400, "estimatedRevenue.amount");
        refused(ALICE, id, "{\"estimatedRevenue\": {\"currency\": \"XYZ\"}}", 400, "estimatedRevenue.currency");
        refused(ALICE, id, "{\"estimatedRevenue\": {\"currency\": \"usd\"}}", 400, "estimatedRevenue.currency");
        refused(ALICE, id, "{\"estimatedRevenue\": {\"amount\": \"1\", \"discount\": \"1\"}}", 400, "estimatedRevenue.discount");
        refused(ALICE, id, "{\"estimatedRevenue\": \"1000 USD\"}", 400, "estimatedRevenue");
        refused(ALICE, id, "{\"estimatedCloseDate\": \"next Tuesday\"}", 400, "estimatedCloseDate");
        refused(ALICE, id, "{\"estimatedCloseDate\": \"2027-02-30\"}", 400, "estimatedCloseDate");
        refused(ALICE, id, "{\"priceListId\": \"42\"}", 400, "priceListId");
        refused(ALICE, id, "{\"priceListId\": \"1-2-3-4-5\"}", 400, "priceListId");
        refused(ALICE, id, "{\"accountId\": 7}", 400, "accountId");
        refused(ALICE, id, "{\"ownerId\": \"" + "a".repeat(201) + "\"}", 400, "ownerId");
        refused(ALICE, id, "{\"ownerId\": 5}", 400, "ownerId");
        refused(ALICE, id, "[]", 400, "body");
        refused(ALICE, id, "\"name\"", 400, "body");

        // Every bad field at once, and nothing of the good ones applied.
        Map<String, Object> before = row(id);
        JsonNode problem = patch(ALICE, id, null, "{\"name\": \"Fine\", \"probability\": 200, \"stage\": \"CLOSE\", "
                + "\"estimatedCloseDate\": \"soon\"}").expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactlyInAnyOrder("probability", "stage", "estimatedCloseDate");
        assertThat(problem.toString()).doesNotContain("Exception", "SELECT", "tools.jackson");
        assertThat(row(id)).isEqualTo(before);

        // Not JSON at all: the framework's 400, still a problem.
        http.patch().uri("/api/opportunities/{id}", id).header(HttpHeaders.AUTHORIZATION, ALICE).contentType(MERGE_PATCH)
                .bodyValue("{\"name\": ").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(row(id)).isEqualTo(before);
    }

    // ---- the customer ----------------------------------------------------------------------------

    @Test
    void aNewCustomerMustBeOneThisServiceKnowsOfAsWhenOpening() {
        UUID id = seed("alice", "IN_PROGRESS");
        refused(ALICE, id, "{\"accountId\": \"" + Ids.newId() + "\"}", 400, "accountId");
        refused(ALICE, id, "{\"accountId\": null, \"contactId\": \"" + Ids.newId() + "\"}", 400, "contactId");
        // A known account given as a contact is no contact.
        refused(ALICE, id, "{\"accountId\": null, \"contactId\": \"" + knownAccount() + "\"}", 400, "contactId");
        // One customer, never two, never none.
        refused(ALICE, id, "{\"contactId\": \"" + knownContact() + "\"}", 400, "contactId");
        refused(ALICE, id, "{\"accountId\": \"" + knownAccount() + "\", \"contactId\": \"" + knownContact() + "\"}",
                400, "accountId");
        refused(ALICE, id, "{\"accountId\": null, \"contactId\": null}", 400, "accountId");

        UUID account = knownAccount();
        assertThat(ok(patch(ALICE, id, null, "{\"accountId\": \"" + account + "\"}"), 2).get("accountId").asString())
                .isEqualTo(account.toString());
    }

    @Test
    void aCustomerTheReplicaHasNotSeenDoesNotBlockEditingTheRest() {
        // Opened by the qualification saga for an account the replica has not heard of (yet).
        UUID id = seed("alice", "IN_PROGRESS", Ids.newId());
        assertThat(ok(patch(ALICE, id, null, "{\"probability\": 80}"), 2).get("probability").asInt()).isEqualTo(80);
    }

    // ---- who may ---------------------------------------------------------------------------------

    @Test
    void aRepKeepsTheirOpportunitiesAManagerAssignsThem() {
        UUID id = seed("alice", "IN_PROGRESS");
        refused(ALICE, id, "{\"ownerId\": \"bob\"}", 403, "ownerId");
        refused(ALICE, id, "{\"ownerId\": null}", 403, "ownerId");
        refused(ALICE, id, "{\"name\": \"Handed over\", \"ownerId\": \"bob\"}", 403, "ownerId");
        ok(patch(ALICE, id, null, "{\"ownerId\": \"alice\", \"name\": \"Still mine\"}"), 2);

        assertThat(ok(patch(MARYAM, id, "\"2\"", "{\"ownerId\": \"bob\"}"), 3).get("ownerId").asString()).isEqualTo("bob");
        // Now bob's: alice cannot see it any more, bob can edit it.
        patch(ALICE, id, null, "{\"name\": \"Mine again?\"}").expectStatus().isNotFound();
        ok(patch(BOB, id, "\"3\"", "{\"name\": \"Bob's now\"}"), 4);
        assertThat(row(id)).containsEntry("owner_id", "bob").containsEntry("name", "Bob's now");
    }

    @Test
    void anotherRepsOpportunityDoesNotExistForARepAndOthersMayNotEditAtAll() {
        UUID id = seed("alice", "IN_PROGRESS");
        Map<String, Object> before = row(id);
        patch(BOB, id, null, "{\"name\": \"Bob's\"}").expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:not-found");
        patch(TestTokens.bearer("anna", "ANALYTICS"), id, null, "{\"name\": \"Read only\"}").expectStatus().isForbidden();
        patch(TestTokens.bearer("mona", "MARKETING"), id, null, "{\"name\": \"Marketing\"}").expectStatus().isForbidden();
        patch(TestTokens.bearer("bill", "BILLING"), id, null, "{\"name\": \"Billing\"}").expectStatus().isForbidden();
        patch(ALICE, Ids.newId(), null, "{\"name\": \"Nothing\"}").expectStatus().isNotFound();
        assertThat(row(id)).isEqualTo(before);
    }

    @Test
    void anEditPublishesNoEventForThereIsNoSchemaForOne() {
        UUID id = seed("alice", "IN_PROGRESS");
        ok(patch(ALICE, id, null, "{\"name\": \"Quietly renamed\", \"probability\": 65}"), 2);
        assertThat(db.sql("SELECT count(*) FROM outbox WHERE aggregateid = :id").bind("id", id.toString())
                .map(r -> r.get(0, Long.class)).one().block()).isZero();
    }
}
