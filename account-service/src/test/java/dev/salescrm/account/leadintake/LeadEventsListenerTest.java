package dev.salescrm.account.leadintake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.inbox.DeadLetters;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ServiceTest
class LeadEventsListenerTest {

    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired DatabaseClient db;
    @Autowired ApplicationContext context;

    private static ProducerRecord<String, String> leadCreated(String eventId, String leadId) {
        var record = new ProducerRecord<>(Topics.LEAD_EVENTS, leadId,
                "{\"leadId\":\"" + leadId + "\",\"lastName\":\"Smith\",\"occurredAt\":\"2026-11-26T10:15:30Z\"}");
        record.headers().add(CloudEventHeaders.ID, eventId.getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TYPE, EventTypes.LEAD_CREATED.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private long receiptsFor(String leadId) {
        return db.sql("SELECT count(*) FROM lead_event_receipt WHERE lead_id = CAST(:id AS uuid)").bind("id", leadId)
                .map(r -> r.get(0, Long.class)).one().block();
    }

    @Test
    void aLeadEventDeliveredTwiceIsTakenInOnce() throws Exception {
        String leadId = Ids.newId().toString();
        String eventId = UUID.randomUUID().toString();
        kafka.send(leadCreated(eventId, leadId)).get();
        kafka.send(leadCreated(eventId, leadId)).get();
        String later = Ids.newId().toString();
        kafka.send(leadCreated(UUID.randomUUID().toString(), later)).get();

        // Same partition order is not guaranteed across keys; wait for both keys' effects.
        await().atMost(Duration.ofSeconds(30)).until(() -> receiptsFor(leadId) >= 1 && receiptsFor(later) == 1);
        Long inboxRows = db.sql("SELECT count(*) FROM inbox WHERE consumer = :c AND event_id = :e")
                .bind("c", LeadEventsListener.CONSUMER).bind("e", eventId).map(r -> r.get(0, Long.class)).one().block();
        await().atMost(Duration.ofSeconds(30)).until(() -> duplicatesCounted() >= 1);
        assertThat(receiptsFor(leadId)).isEqualTo(1);
        assertThat(inboxRows).isEqualTo(1);
    }

    @Test
    void anEventWithoutAUsableLeadIdIsParkedOnTheDeadLetterTopic() throws Exception {
        String eventId = UUID.randomUUID().toString();
        kafka.send(leadCreated(eventId, "not-a-uuid")).get();

        var parked = TopicReader.readUntil(bootstrap(), DeadLetters.topicFor(Topics.LEAD_EVENTS), Duration.ofSeconds(30),
                read -> read.stream().anyMatch(r -> eventId.equals(TopicReader.header(r, CloudEventHeaders.ID))));
        assertThat(parked).isNotEmpty();
    }

    private double duplicatesCounted() {
        var meters = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
        var counter = meters.find("crm.inbox.duplicates").tag("consumer", LeadEventsListener.CONSUMER).counter();
        return counter == null ? 0 : counter.count();
    }

    private String bootstrap() {
        return ServiceTestInfrastructure.broker(context).getBrokersAsString();
    }
}
