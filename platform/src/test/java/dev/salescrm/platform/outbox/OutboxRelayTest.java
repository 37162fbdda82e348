package dev.salescrm.platform.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.KafkaBrokerProcess;
import dev.salescrm.platform.test.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The outbox promise: nothing is published that did not commit; nothing that committed is lost
 * while Kafka is down; one aggregate's events arrive in commit order, whatever the number of
 * relays. The automatic relay is off here so that each test drives relays explicitly.
 */
@ServiceTest
@TestPropertySource(properties = "crm.outbox.relay-enabled=false")
class OutboxRelayTest {

    @Autowired OutboxWriter outbox;
    @Autowired OutboxRelay relay;
    @Autowired DatabaseClient db;
    @Autowired TransactionalOperator tx;
    @Autowired ConnectionFactory connectionFactory;
    @Autowired JsonMapper json;
    @Autowired ApplicationContext context;

    private String bootstrap() {
        return ServiceTestInfrastructure.broker(context).getBrokersAsString();
    }

    private static OutboxEvent event(String topic, String aggregateId, int seq) {
        return OutboxEvent.of(topic, "note", aggregateId, "crm.test.note-changed.v1", Map.of("noteId", aggregateId, "seq", seq));
    }

    private void commit(OutboxEvent... events) {
        Flux.fromArray(events).concatMap(outbox::append).then().as(tx::transactional).block();
    }

    private long pendingRows() {
        return db.sql("SELECT count(*) FROM outbox WHERE published_at IS NULL").map(r -> r.get(0, Long.class)).one().block();
    }

    private OutboxRelay relayVia(KafkaTemplate<String, String> template, int batchSize) {
        OutboxProperties props = new OutboxProperties(false, null, Duration.ofMillis(100), batchSize,
                Duration.ofSeconds(30), Duration.ofHours(24), Duration.ofMinutes(10), Duration.ofSeconds(10));
        return new OutboxRelay(db, connectionFactory, tx, template, json, props, "/crm/platform-test", new SimpleMeterRegistry());
    }

    private static KafkaTemplate<String, String> producerTo(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4000);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new StringSerializer()));
    }

    @Test
    void aRolledBackTransactionPublishesNothing() {
        String topic = "test.rollback.v1";
        OutboxEvent rolledBack = event(topic, "n-rolled-back", 1);
        Mono<Void> failingChange = outbox.append(rolledBack)
                .then(Mono.error(new IllegalStateException("the business rule said no")));
        assertThatThrownBy(() -> failingChange.as(tx::transactional).block()).hasMessageContaining("said no");

        OutboxEvent committed = event(topic, "n-committed", 1);
        commit(committed);
        relay.drain().block();

        List<ConsumerRecord<String, String>> records = TopicReader.readUntil(bootstrap(), topic, Duration.ofSeconds(30),
                read -> read.stream().anyMatch(r -> committed.id().toString().equals(TopicReader.header(r, CloudEventHeaders.ID))));
        assertThat(records).extracting(r -> TopicReader.header(r, CloudEventHeaders.ID))
                .doesNotContain(rolledBack.id().toString());
        Long rows = db.sql("SELECT count(*) FROM outbox WHERE id = :id").bind("id", rolledBack.id())
                .map(r -> r.get(0, Long.class)).one().block();
        assertThat(rows).isZero();
    }

    @Test
    void anEventThatBreaksItsPublishedSchemaFailsTheBusinessTransaction() {
        // The contract check from platform-test runs in every service test (EventContractAutoConfiguration).
        OutboxEvent wrongShape = OutboxEvent.of("crm.lead.events.v1", "lead", "01933b6e-8f6a-7c1e-9a3b-2d4f5e6a7b8c",
                "crm.lead.created.v1", Map.of("leadId", "not-a-uuid", "occurredAt", "2026-11-26T10:15:30Z"));
        assertThatThrownBy(() -> outbox.append(wrongShape).as(tx::transactional).block())
                .hasStackTraceContaining("crm.lead.created.v1").hasStackTraceContaining("/leadId");

        OutboxEvent noSchema = OutboxEvent.of("crm.lead.events.v1", "lead", "01933b6e-8f6a-7c1e-9a3b-2d4f5e6a7b8c",
                "crm.lead.teleported.v1", Map.of("leadId", "01933b6e-8f6a-7c1e-9a3b-2d4f5e6a7b8c", "occurredAt", "2026-11-26T10:15:30Z"));
        assertThatThrownBy(() -> outbox.append(noSchema).as(tx::transactional).block())
                .hasStackTraceContaining("crm.lead.teleported.v1").hasStackTraceContaining("no schema");

        Long rows = db.sql("SELECT count(*) FROM outbox WHERE type IN ('crm.lead.created.v1', 'crm.lead.teleported.v1')")
                .map(r -> r.get(0, Long.class)).one().block();
        assertThat(rows).isZero();
    }

    @Test
    void appendingOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> outbox.append(event("test.no-tx.v1", "n1", 1)).block())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside the transaction");
    }

    @Test
    void recordsCarryTheCloudEventsEnvelopeAndTheAggregateIdAsKey() {
        String topic = "test.envelope.v1";
        OutboxEvent e = event(topic, "n-envelope", 7).withHeader("actor", "alice");
        commit(e);
        relay.drain().block();

        ConsumerRecord<String, String> record = TopicReader.readAtLeast(bootstrap(), topic, 1, Duration.ofSeconds(30)).getFirst();
        assertThat(record.key()).isEqualTo("n-envelope");
        assertThat(TopicReader.header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(TopicReader.header(record, CloudEventHeaders.ID)).isEqualTo(e.id().toString());
        assertThat(TopicReader.header(record, CloudEventHeaders.TYPE)).isEqualTo("crm.test.note-changed.v1");
        assertThat(TopicReader.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/crm/platform-test-app");
        assertThat(TopicReader.header(record, CloudEventHeaders.SUBJECT)).isEqualTo("n-envelope");
        assertThat(OffsetDateTime.parse(TopicReader.header(record, CloudEventHeaders.TIME))).isNotNull();
        assertThat(TopicReader.header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(TopicReader.header(record, "actor")).isEqualTo("alice");
        assertThat(json.readTree(record.value()).get("seq").asInt()).isEqualTo(7);
    }

    @Test
    void whileTheBrokerIsDownRowsStayPendingAndAllArriveInOrderOnceItIsBack(@TempDir Path brokerDir) {
        String topic = "test.outage.v1";
        try (KafkaBrokerProcess broker = new KafkaBrokerProcess(brokerDir).start()) {
            KafkaTemplate<String, String> template = producerTo(broker.bootstrapServers());
            try {
                OutboxRelay relayToBroker = relayVia(template, 4);
                // The producer has known the broker: this is an outage, not a misconfiguration.
                // (the broker creates the topic on first use, which may take a round or two)
                commit(event(topic, "n-before", 0));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    relayToBroker.drain().block();
                    return pendingRows() == 0;
                });

                broker.stop();
                List<OutboxEvent> written = new ArrayList<>();
                for (int seq = 1; seq <= 10; seq++) {
                    for (String note : List.of("n-a", "n-b", "n-c")) {
                        OutboxEvent e = event(topic, note, seq);
                        written.add(e);
                        commit(e);
                    }
                }
                // Broker down: a round fails, nothing is marked published, nothing is lost.
                relayToBroker.drain().block();
                assertThat(pendingRows()).isEqualTo(30);
                Long attempted = db.sql("SELECT count(*) FROM outbox WHERE attempts > 0")
                        .map(r -> r.get(0, Long.class)).one().block();
                assertThat(attempted).isPositive();

                broker.start();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    relayToBroker.drain().block();
                    return pendingRows() == 0;
                });
                List<ConsumerRecord<String, String>> records =
                        TopicReader.readAtLeast(broker.bootstrapServers(), topic, 31, Duration.ofSeconds(30));
                assertThat(records).extracting(r -> TopicReader.header(r, CloudEventHeaders.ID))
                        .containsAll(written.stream().map(e -> e.id().toString()).toList());
                assertInCommitOrderPerAggregate(records);
            } finally {
                template.destroy();
            }
        }
    }

    @Test
    void twoRelaysAtOncePublishEveryRowInOrderPerAggregate() {
        String topic = "test.two-relays.v1";
        List<OutboxEvent> written = new ArrayList<>();
        for (int seq = 1; seq <= 8; seq++) {
            List<OutboxEvent> round = new ArrayList<>();
            for (int note = 0; note < 25; note++) {
                round.add(event(topic, "n-" + note, seq));
            }
            written.addAll(round);
            commit(round.toArray(OutboxEvent[]::new));
        }
        KafkaTemplate<String, String> first = producerTo(bootstrap());
        KafkaTemplate<String, String> second = producerTo(bootstrap());
        try {
            OutboxRelay one = relayVia(first, 7);
            OutboxRelay two = relayVia(second, 7);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                Mono.when(one.drain(), two.drain()).block();
                return pendingRows() == 0;
            });
        } finally {
            first.destroy();
            second.destroy();
        }

        List<ConsumerRecord<String, String>> records =
                TopicReader.readAtLeast(bootstrap(), topic, written.size(), Duration.ofSeconds(30));
        Set<String> ids = records.stream().map(r -> TopicReader.header(r, CloudEventHeaders.ID)).collect(Collectors.toSet());
        assertThat(ids).containsExactlyInAnyOrderElementsOf(written.stream().map(e -> e.id().toString()).toList());
        // A duplicate would only ever be the same event again (same ce_id, same data).
        Map<String, String> valueById = new HashMap<>();
        records.forEach(r -> {
            String previous = valueById.putIfAbsent(TopicReader.header(r, CloudEventHeaders.ID), r.value());
            assertThat(previous == null || previous.equals(r.value())).isTrue();
        });
        assertInCommitOrderPerAggregate(records);
    }

    @Test
    void publishedRowsArePurgedAfterTheRetention() {
        commit(event("test.purge.v1", "n-purge", 1));
        relay.drain().block();
        assertThat(pendingRows()).isZero();

        Long keptRecentOnes = relay.purge(OffsetDateTime.now().minusHours(1)).block();
        assertThat(keptRecentOnes).isZero();
        Long purged = relay.purge(OffsetDateTime.now().plusSeconds(1)).block();
        assertThat(purged).isPositive();
        Long left = db.sql("SELECT count(*) FROM outbox").map(r -> r.get(0, Long.class)).one().block();
        assertThat(left).isZero();
    }

    /** Per key, in partition order, the event sequence never goes back (a repeat may follow a send). */
    private void assertInCommitOrderPerAggregate(List<ConsumerRecord<String, String>> records) {
        Map<String, List<Integer>> seqByKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            seqByKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(json.readTree(r.value()).get("seq").asInt());
        }
        seqByKey.forEach((key, seqs) -> assertThat(seqs).as("events of %s in partition order", key).isSorted());
    }
}
