package dev.salescrm.opportunity.opportunity;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import dev.salescrm.opportunity.opportunity.domain.Customer;
import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.test.ServiceTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading opportunities over HTTP: lists, filters, pages and single reads. The records are stored
 * through the repository, as the lead-qualification saga stores them; creating over HTTP is
 * tested in {@code OpportunityLifecycleTest}.
 */
@ServiceTest
class OpportunityApiTest {

    @Autowired WebTestClient http;
    @Autowired OpportunityRepository repository;

    @Test
    void anOpportunityReadsBackAsStoredWithItsVersionAsETag() {
        UUID accountId = Ids.newId();
        UUID leadId = Ids.newId();
        Opportunity stored = store(new Opportunity.Proposal("شرکت پروجان — استقرار CRM", Customer.account(accountId),
                "alice", Money.of("12500000000.00", "IRR"), LocalDate.of(2027, 1, 31), leadId, null));

        JsonNode body = http.get().uri("/api/opportunities/{id}", stored.id()).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body.get("id").asString()).isEqualTo(stored.id().toString());
        assertThat(body.get("name").asString()).isEqualTo("شرکت پروجان — استقرار CRM");
        assertThat(body.get("accountId").asString()).isEqualTo(accountId.toString());
        assertThat(body.get("contactId").isNull()).isTrue();
        assertThat(body.get("ownerId").asString()).isEqualTo("alice");
        assertThat(body.get("stage").asString()).isEqualTo("QUALIFY");
        assertThat(body.get("status").asString()).isEqualTo("OPEN");
        assertThat(body.get("statusReason").asString()).isEqualTo("IN_PROGRESS");
        assertThat(body.get("probability").asInt()).isEqualTo(10);
        // A decimal string at the currency's minor units, never a JSON number.
        assertThat(body.get("estimatedRevenue").get("amount").isString()).isTrue();
        assertThat(body.get("estimatedRevenue").get("amount").asString())
                .isEqualTo(Money.of("12500000000.00", "IRR").amountString());
        assertThat(body.get("estimatedRevenue").get("currency").asString()).isEqualTo("IRR");
        assertThat(body.get("estimatedCloseDate").asString()).isEqualTo("2027-01-31");
        assertThat(body.get("sourceLeadId").asString()).isEqualTo(leadId.toString());
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(body.get("createdAt").asString()).endsWith("Z");
    }

    @Test
    void anOpportunityOfAContactWithoutRevenueReadsBack() {
        UUID contactId = Ids.newId();
        Opportunity stored = store(new Opportunity.Proposal("علی رضایی", Customer.contact(contactId), "bob",
                null, null, null, null));
        http.get().uri("/api/opportunities/{id}", stored.id()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.contactId").isEqualTo(contactId.toString())
                .jsonPath("$.accountId").isEmpty()
                .jsonPath("$.name").isEqualTo("علی رضایی")
                .jsonPath("$.estimatedRevenue").isEmpty();
    }

    @Test
    void anUnknownOpportunityIsNotFound() {
        http.get().uri("/api/opportunities/{id}", "0190f0c8-0000-7000-8000-000000000000").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:not-found");
    }

    @Test
    void anIdThatIsNotAUuidIsABadRequest() {
        http.get().uri("/api/opportunities/not-a-uuid").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("id");
    }

    @Test
    void badFilterValuesAndCursorsAreRejectedNamingTheParameter() {
        badRequest("/api/opportunities?status=MAYBE", "status");
        badRequest("/api/opportunities?accountId=42", "accountId");
        badRequest("/api/opportunities?cursor=not-a-cursor!", "cursor");
        badRequest("/api/opportunities?limit=0", "limit");
        badRequest("/api/opportunities?limit=201", "limit");
    }

    @Test
    void pagesWalkEveryMatchingOpportunityOnceNewestFirst() {
        String owner = "pager-" + UUID.randomUUID();
        UUID accountId = Ids.newId();
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stored.add(store(new Opportunity.Proposal("Deal " + i, Customer.account(accountId), owner,
                    Money.of("100.00", "EUR"), null, null, null)).id().toString());
        }
        store(new Opportunity.Proposal("Someone else's", Customer.account(Ids.newId()), owner, null, null, null, null));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String uri = "/api/opportunities?limit=2&ownerId=" + owner + "&accountId=" + accountId
                    + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = http.get().uri(uri).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            page.get("items").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(stored.reversed());
    }

    @Test
    void theStatusFilterNarrowsTheList() {
        String owner = "status-" + UUID.randomUUID();
        Opportunity open = store(new Opportunity.Proposal("Still open", Customer.account(Ids.newId()), owner,
                null, null, null, null));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Opportunity canceled = store(new Opportunity.Proposal("Canceled", Customer.account(Ids.newId()), owner,
                null, null, null, null));
        repository.update(canceled.lose(
                dev.salescrm.opportunity.opportunity.domain.OpportunityStatusReason.CANCELED, "test",
                LocalDate.now(), now)).block();

        assertThat(ids("/api/opportunities?status=OPEN&ownerId=" + owner)).containsExactly(open.id().toString());
        assertThat(ids("/api/opportunities?status=LOST&ownerId=" + owner)).containsExactly(canceled.id().toString());
        assertThat(ids("/api/opportunities?status=WON&ownerId=" + owner)).isEmpty();
    }

    private Opportunity store(Opportunity.Proposal proposal) {
        Opportunity opportunity = Opportunity.open(Ids.newId(), proposal, "test-admin",
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        assertThat(repository.insertIfAbsent(opportunity).block()).isTrue();
        return opportunity;
    }

    private List<String> ids(String uri) {
        JsonNode page = http.get().uri(uri).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return page.get("items").valueStream().map(item -> item.get("id").asString()).toList();
    }

    private void badRequest(String uri, String field) {
        http.get().uri(uri).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:validation")
                .jsonPath("$.errors[0].field").isEqualTo(field);
    }
}
