package dev.salescrm.account.account;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TestEvents;
import dev.salescrm.platform.test.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Deal closure, account side: a won opportunity makes a prospect a customer — and nothing else. */
@ServiceTest
class DealClosureTest {

    @Autowired WebTestClient http;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired JsonMapper json;
    @Autowired ApplicationContext context;

    @Test
    void aWonOpportunityMakesAProspectACustomerOnceAndLeavesOtherRelationshipsAlone() throws Exception {
        String prospect = createAccount("شرکت پروجان", "PROSPECT");
        String partner = createAccount("Partner Co", "PARTNER");
        String opportunityId = Ids.newId().toString();
        String eventId = UUID.randomUUID().toString();

        won(eventId, opportunityId, prospect);
        won(eventId, opportunityId, prospect); // redelivered
        won(UUID.randomUUID().toString(), Ids.newId().toString(), partner);
        // A contact-only customer: nothing to do on the account side.
        kafka.send(TestEvents.record(Topics.OPPORTUNITY_EVENTS, Ids.newId().toString(), EventTypes.OPPORTUNITY_WON,
                UUID.randomUUID().toString(), json.writeValueAsString(Map.of("opportunityId", Ids.newId().toString(),
                        "contactId", Ids.newId().toString(), "actualRevenue", Map.of("amount", "10.00", "currency", "USD"),
                        "occurredAt", "2026-11-26T10:15:30Z")))).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> "CUSTOMER".equals(get(prospect).get("relationshipType").asString()));
        JsonNode changed = TopicReader.readUntil(bootstrap(), Topics.ACCOUNT_EVENTS, Duration.ofSeconds(30),
                        records -> records.stream().anyMatch(r -> prospect.equals(r.key())
                                && EventTypes.ACCOUNT_RELATIONSHIP_CHANGED.equals(TopicReader.header(r, "ce_type"))))
                .stream().filter(r -> prospect.equals(r.key())
                        && EventTypes.ACCOUNT_RELATIONSHIP_CHANGED.equals(TopicReader.header(r, "ce_type")))
                .map(r -> json.readTree(r.value())).findFirst().orElseThrow();
        assertThat(changed.get("previousRelationshipType").asString()).isEqualTo("PROSPECT");
        assertThat(changed.get("causeOpportunityId").asString()).isEqualTo(opportunityId);

        // The partner's event was processed too (it is behind the same consumer) — and changed nothing.
        await().atMost(Duration.ofSeconds(30)).until(() -> processed() >= 3);
        assertThat(get(partner).get("relationshipType").asString()).isEqualTo("PARTNER");
        assertThat(get(partner).get("version").asLong()).isEqualTo(1);
        assertThat(get(prospect).get("version").asLong()).isEqualTo(2);
    }

    /**
     * After an outage account-service may read a win (opportunity topic) before the qualified lead
     * that creates its account (lead topic). The win waits and is applied when the account is
     * created: the new account is a customer, not a prospect with a parked event.
     */
    @Test
    void aWinReadBeforeItsAccountExistsMakesTheAccountACustomerWhenItIsCreated() throws Exception {
        String accountId = Ids.newId().toString();
        String opportunityId = Ids.newId().toString();
        String leadId = Ids.newId().toString();
        won(UUID.randomUUID().toString(), opportunityId, accountId);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM early_won_deal WHERE account_id = '"
                + accountId + "'") == 1);

        kafka.send(TestEvents.record(Topics.LEAD_EVENTS, leadId, EventTypes.LEAD_QUALIFIED, UUID.randomUUID().toString(),
                json.writeValueAsString(Map.of("leadId", leadId, "version", 2,
                        "lead", Map.of("firstName", "Sara", "lastName", "Karimi", "companyName", "شرکت دیرآمده",
                                "ownerId", "alice"),
                        "account", Map.of("accountId", accountId, "mode", "NEW"),
                        "occurredAt", "2026-11-26T10:15:31Z", "actor", "alice")))).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM account WHERE id = '" + accountId
                + "' AND relationship_type = 'CUSTOMER'") == 1);
        JsonNode account = get(accountId);
        assertThat(account.get("name").asString()).isEqualTo("شرکت دیرآمده");
        assertThat(account.get("version").asLong()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM early_won_deal")).isZero();
        var changed = TopicReader.readUntil(bootstrap(), Topics.ACCOUNT_EVENTS, Duration.ofSeconds(30),
                records -> records.stream().anyMatch(r -> accountId.equals(r.key())
                        && EventTypes.ACCOUNT_RELATIONSHIP_CHANGED.equals(TopicReader.header(r, "ce_type"))));
        assertThat(changed.stream().filter(r -> accountId.equals(r.key())).map(r -> TopicReader.header(r, "ce_type")))
                .containsSubsequence(EventTypes.ACCOUNT_CREATED, EventTypes.ACCOUNT_RELATIONSHIP_CHANGED);
    }

    private long count(String sql) {
        return context.getBean(org.springframework.r2dbc.core.DatabaseClient.class).sql(sql)
                .map(r -> r.get(0, Long.class)).one().block();
    }

    private void won(String eventId, String opportunityId, String accountId) throws Exception {
        kafka.send(TestEvents.record(Topics.OPPORTUNITY_EVENTS, opportunityId, EventTypes.OPPORTUNITY_WON, eventId,
                json.writeValueAsString(Map.of("opportunityId", opportunityId, "accountId", accountId,
                        "actualRevenue", Map.of("amount", "1250000000.00", "currency", "IRR"),
                        "occurredAt", "2026-11-26T10:15:30Z", "actor", "alice")))).get();
    }

    private double processed() {
        var counter = context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .find("crm.inbox.processed").tag("consumer", OpportunityEventsListener.CONSUMER).counter();
        return counter == null ? 0 : counter.count();
    }

    private String createAccount(String name, String relationshipType) {
        return http.post().uri("/api/accounts").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "relationshipType", relationshipType))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("id").asString();
    }

    private JsonNode get(String id) {
        return http.get().uri("/api/accounts/{id}", id).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private String bootstrap() {
        return ServiceTestInfrastructure.broker(context).getBrokersAsString();
    }
}
