package dev.salescrm.systemtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.cycle.CrmApi;
import dev.salescrm.platform.test.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lead-qualification saga across lead-, account- and opportunity-service as real processes,
 * driven through the gateway by a sales rep (docs/qualification-saga.md): nothing lost, nothing
 * made twice, a rejection compensated.
 */
@ExtendWith(RunningSuite.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class QualificationSagaTest {

    private CrmClient crm;
    private Suite suite;

    @BeforeEach
    void connect(Suite suite) {
        this.suite = suite;
        this.crm = new CrmClient(suite);
    }

    private String createLead(String first, String last, String company) {
        var created = crm.post("alice", "/api/leads", Map.of("firstName", first, "lastName", last, "companyName", company,
                "email", "lead-" + UUID.randomUUID().toString().substring(0, 8) + "@example.ir", "source", "TRADE_SHOW"));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.text("/id");
    }

    private CrmApi.Reply qualify(String leadId, Map<String, Object> body) {
        var qualified = crm.post("alice", "/api/leads/" + leadId + "/qualify", body);
        assertThat(qualified.status()).as(qualified.raw().body()).isEqualTo(202);
        assertThat(qualified.text("/conversion/status")).isEqualTo("PENDING");
        return qualified;
    }

    private void awaitConversion(String leadId, String status) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .until(() -> status.equals(crm.get("alice", "/api/leads/" + leadId).text("/conversion/status")));
    }

    private static Map<String, Object> newOpportunity(String name) {
        return Map.of("create", true, "name", name,
                "estimatedRevenue", Map.of("amount", "1250000000.00", "currency", "IRR"), "estimatedCloseDate", "2027-03-01");
    }

    @Test
    void newAccountContactAndOpportunityExistWithTheAnnouncedIds() {
        String leadId = createLead("علی", "رضایی", "شرکت پروجان");
        var qualified = qualify(leadId, Map.of("account", Map.of("create", true), "contact", Map.of("create", true),
                "opportunity", newOpportunity("استقرار CRM")));
        String accountId = qualified.text("/conversion/accountId");
        String contactId = qualified.text("/conversion/contactId");
        String opportunityId = qualified.text("/conversion/opportunityId");

        awaitConversion(leadId, "COMPLETED");

        var account = crm.get("alice", "/api/accounts/" + accountId);
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.text("/name")).isEqualTo("شرکت پروجان");
        assertThat(account.text("/relationshipType")).isEqualTo("PROSPECT");
        assertThat(account.text("/ownerId")).isEqualTo("alice");
        var contact = crm.get("alice", "/api/contacts/" + contactId);
        assertThat(contact.status()).isEqualTo(200);
        assertThat(contact.text("/accountId")).isEqualTo(accountId);
        assertThat(contact.text("/firstName")).isEqualTo("علی");
        assertThat(contact.text("/lastName")).isEqualTo("رضایی");
        var opportunity = crm.get("alice", "/api/opportunities/" + opportunityId);
        assertThat(opportunity.status()).isEqualTo(200);
        assertThat(opportunity.text("/status")).isEqualTo("OPEN");
        assertThat(opportunity.text("/accountId")).isEqualTo(accountId);
        assertThat(opportunity.text("/name")).isEqualTo("استقرار CRM");
        assertThat(opportunity.text("/sourceLeadId")).isEqualTo(leadId);
    }

    @Test
    void anExistingAccountIsLinkedNotDuplicated() {
        var existing = crm.post("maryam", "/api/accounts", Map.of("name", "Existing Trading Co", "ownerId", "alice"));
        assertThat(existing.status()).as(existing.raw().body()).isEqualTo(201);
        String accountId = existing.text("/id");

        String leadId = createLead("Sara", "Karimi", "Existing Trading Co");
        var qualified = qualify(leadId, Map.of("account", Map.of("existingId", accountId), "contact", Map.of("create", true)));
        assertThat(qualified.text("/conversion/accountId")).isEqualTo(accountId);
        awaitConversion(leadId, "COMPLETED");

        assertThat(crm.count("account-service", "SELECT count(*) FROM account WHERE name = 'Existing Trading Co'")).isEqualTo(1);
        var contact = crm.get("alice", "/api/contacts/" + qualified.text("/conversion/contactId"));
        assertThat(contact.text("/accountId")).isEqualTo(accountId);
    }

    @Test
    void aMissingExistingAccountReopensTheLeadAndLeavesNoOpenOpportunity() {
        String leadId = createLead("Reza", "Moradi", "Ghost Co");
        var qualified = qualify(leadId, Map.of("account", Map.of("existingId", UUID.randomUUID().toString()),
                "contact", Map.of("create", true), "opportunity", newOpportunity("Ghost deal")));
        String opportunityId = qualified.text("/conversion/opportunityId");

        awaitConversion(leadId, "FAILED");
        var lead = crm.get("alice", "/api/leads/" + leadId);
        assertThat(lead.text("/status")).isEqualTo("OPEN");
        assertThat(lead.text("/conversion/failureReason")).contains("ACCOUNT_NOT_FOUND");
        assertThat(crm.count("account-service", "SELECT count(*) FROM contact WHERE source_lead_id = ?", UUID.fromString(leadId)))
                .isZero();
        // opportunity-service may have made the opportunity before the rejection: then it is canceled.
        await().atMost(Duration.ofSeconds(60)).until(() -> crm.count("opportunity-service",
                "SELECT count(*) FROM opportunity WHERE source_lead_id = ? AND status = 'OPEN'", UUID.fromString(leadId)) == 0
                && crm.count("opportunity-service", "SELECT count(*) FROM rejected_conversion") > 0);
        var opportunity = crm.get("alice", "/api/opportunities/" + opportunityId);
        assertThat(opportunity.status()).isIn(200, 404);
        if (opportunity.status() == 200) {
            assertThat(opportunity.text("/status")).isEqualTo("LOST");
        }
    }

    /**
     * Scenario 4, end to end: a rejected qualification is compensated everywhere (the lead reopened with the
     * reason, the announced opportunity canceled, no contact made) and the topics say so; then the lead is
     * qualified again, with new ids, and this time completes — the first rejection cancels nothing of it.
     */
    @Test
    void aRejectedQualificationIsCompensatedAndTheLeadCanBeQualifiedAgain() {
        String leadId = createLead("Kaveh", "Ebrahimi", "Second Chance Co");
        var rejected = qualify(leadId, Map.of("account", Map.of("existingId", UUID.randomUUID().toString()),
                "contact", Map.of("create", true), "opportunity", newOpportunity("First try")));
        String firstOpportunityId = rejected.text("/conversion/opportunityId");
        awaitConversion(leadId, "FAILED");

        var again = qualify(leadId, Map.of("account", Map.of("create", true), "contact", Map.of("create", true),
                "opportunity", newOpportunity("Second try")));
        String secondOpportunityId = again.text("/conversion/opportunityId");
        assertThat(secondOpportunityId).isNotEqualTo(firstOpportunityId);
        awaitConversion(leadId, "COMPLETED");
        assertThat(crm.get("alice", "/api/opportunities/" + secondOpportunityId).text("/status")).isEqualTo("OPEN");
        assertThat(crm.get("alice", "/api/accounts/" + again.text("/conversion/accountId")).status()).isEqualTo(200);

        String bootstrap = suite.config().kafkaBootstrap();
        var lead = EventStories.read(bootstrap, "crm.lead.events.v1", Map.of(leadId, 5), Duration.ofSeconds(90)).get(leadId);
        assertThat(EventStories.types(lead)).containsExactly("crm.lead.created.v1", "crm.lead.qualified.v1",
                "crm.lead.reactivated.v1", "crm.lead.qualified.v1", "crm.lead.conversion-completed.v1");
        var replies = EventStories.read(bootstrap, "crm.account.events.v1", Map.of(leadId, 2), Duration.ofSeconds(90)).get(leadId);
        assertThat(EventStories.types(replies)).containsExactly("crm.lead.conversion-rejected.v1", "crm.lead.conversion-accepted.v1");
        assertThat(replies.get(0).text("/reason")).isEqualTo("ACCOUNT_NOT_FOUND");
        // opportunity-service made the first opportunity and canceled it at once, in whichever order the two
        // topics arrived: never left open.
        var first = EventStories.read(bootstrap, "crm.opportunity.events.v1", Map.of(firstOpportunityId, 2),
                Duration.ofSeconds(90)).get(firstOpportunityId);
        assertThat(EventStories.types(first)).containsExactly("crm.opportunity.created.v1", "crm.opportunity.lost.v1");
        assertThat(first.get(1).text("/reason")).isEqualTo("CANCELED");
        assertThat(crm.get("alice", "/api/opportunities/" + firstOpportunityId).text("/status")).isEqualTo("LOST");
    }

    @Test
    void theQualifiedEventDeliveredThreeTimesMakesEachRecordOnce() throws Exception {
        String leadId = createLead("Mina", "Hosseini", "Triple Delivery Co");
        qualify(leadId, Map.of("account", Map.of("create", true), "contact", Map.of("create", true),
                "opportunity", newOpportunity("Triple")));
        awaitConversion(leadId, "COMPLETED");

        String bootstrap = suite.config().kafkaBootstrap();
        ConsumerRecord<String, String> qualifiedEvent = TopicReader.readUntil(bootstrap, "crm.lead.events.v1", Duration.ofSeconds(30),
                        read -> read.stream().anyMatch(r -> isQualified(r, leadId)))
                .stream().filter(r -> isQualified(r, leadId)).findFirst().orElseThrow();
        long accountDuplicates = duplicates("account-service", "account-service.lead-events");
        long opportunityDuplicates = duplicates("opportunity-service", "opportunity-service.lead-events");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 2; i++) {
                ProducerRecord<String, String> again = new ProducerRecord<>(qualifiedEvent.topic(), qualifiedEvent.key(), qualifiedEvent.value());
                qualifiedEvent.headers().forEach(h -> again.headers().add(h));
                producer.send(again).get();
            }
        }
        // Both consumers saw the two redeliveries and changed nothing.
        await().atMost(Duration.ofSeconds(60)).until(() ->
                duplicates("account-service", "account-service.lead-events") >= accountDuplicates + 2
                        && duplicates("opportunity-service", "opportunity-service.lead-events") >= opportunityDuplicates + 2);
        UUID lead = UUID.fromString(leadId);
        assertThat(crm.count("account-service", "SELECT count(*) FROM account WHERE source_lead_id = ?", lead)).isEqualTo(1);
        assertThat(crm.count("account-service", "SELECT count(*) FROM contact WHERE source_lead_id = ?", lead)).isEqualTo(1);
        assertThat(crm.count("opportunity-service", "SELECT count(*) FROM opportunity WHERE source_lead_id = ?", lead)).isEqualTo(1);
        assertThat(crm.get("alice", "/api/leads/" + leadId).text("/conversion/status")).isEqualTo("COMPLETED");
    }

    @Test
    void twoHundredLeadsQualifiedConcurrentlyMakeTwoHundredOfEachRecord() throws Exception {
        String batch = "batch-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> leadIds = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                created.add(pool.submit(() -> createLead("Lead" + n, batch, "شرکت " + batch + " " + n)));
            }
            for (Future<String> f : created) {
                leadIds.add(f.get(2, TimeUnit.MINUTES));
            }
            List<Future<Integer>> qualified = new ArrayList<>();
            for (String leadId : leadIds) {
                qualified.add(pool.submit(() -> crm.post("alice", "/api/leads/" + leadId + "/qualify",
                        Map.of("account", Map.of("create", true), "contact", Map.of("create", true),
                                "opportunity", newOpportunity("Deal " + batch + " " + leadId))).status()));
            }
            for (Future<Integer> f : qualified) {
                assertThat(f.get(2, TimeUnit.MINUTES)).isEqualTo(202);
            }
        }
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> crm.count("lead-service",
                "SELECT count(*) FROM lead WHERE last_name = ? AND conversion_status = 'COMPLETED'", batch) == 200);
        // None missing, none twice: exactly 200 of each, each for a different lead.
        assertThat(crm.count("lead-service", "SELECT count(DISTINCT conversion_account_id) FROM lead WHERE last_name = ?", batch))
                .isEqualTo(200);
        assertThat(crm.count("account-service", "SELECT count(*) FROM account WHERE name LIKE ?", "شرکت " + batch + " %"))
                .isEqualTo(200);
        assertThat(crm.count("account-service", "SELECT count(DISTINCT source_lead_id) FROM account WHERE name LIKE ?",
                "شرکت " + batch + " %")).isEqualTo(200);
        assertThat(crm.count("account-service", "SELECT count(*) FROM contact WHERE last_name = ?", batch)).isEqualTo(200);
        assertThat(crm.count("account-service", "SELECT count(DISTINCT source_lead_id) FROM contact WHERE last_name = ?", batch))
                .isEqualTo(200);
        assertThat(crm.count("opportunity-service", "SELECT count(*) FROM opportunity WHERE name LIKE ?", "Deal " + batch + " %"))
                .isEqualTo(200);
        assertThat(crm.count("opportunity-service", "SELECT count(DISTINCT source_lead_id) FROM opportunity WHERE name LIKE ?",
                "Deal " + batch + " %")).isEqualTo(200);
    }

    private long duplicates(String service, String consumer) {
        String metrics = body(suite.config().port(service), "/actuator/prometheus");
        return metrics.lines()
                .filter(line -> line.startsWith("crm_inbox_duplicates_total") && line.contains("consumer=\"" + consumer + "\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String body(int port, String path) {
        try {
            return SystemUnderTest.body(port, path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static boolean isQualified(ConsumerRecord<String, String> record, String leadId) {
        return leadId.equals(record.key()) && "crm.lead.qualified.v1".equals(TopicReader.header(record, "ce_type"));
    }
}
