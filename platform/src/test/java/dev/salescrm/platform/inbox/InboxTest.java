package dev.salescrm.platform.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;

import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The inbox promise: a redelivered event changes nothing; a poison event never stalls its partition. */
@ServiceTest
@TestPropertySource(properties = {"crm.inbox.max-retries=3", "crm.inbox.initial-backoff=50ms", "crm.inbox.max-backoff=200ms"})
class InboxTest {

    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired DatabaseClient db;
    @Autowired MeterRegistry meters;
    @Autowired NoteEventsListener listener;
    @Autowired ApplicationContext context;

    private static ProducerRecord<String, String> noteEvent(String eventId, String noteId, String data) {
        ProducerRecord<String, String> record = new ProducerRecord<>(NoteEventsListener.TOPIC, noteId, data);
        if (eventId != null) {
            record.headers().add(CloudEventHeaders.ID, eventId.getBytes(StandardCharsets.UTF_8));
        }
        record.headers().add(CloudEventHeaders.TYPE, "crm.test.note-changed.v1".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private long effectsOf(String eventId) {
        return db.sql("SELECT count(*) FROM note_effect WHERE event_id = :id").bind("id", eventId)
                .map(r -> r.get(0, Long.class)).one().block();
    }

    private double count(String meter, String tag, String value) {
        var counter = meters.find(meter).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theSameEventDeliveredFiveTimesHasOneEffect() throws Exception {
        String eventId = UUID.randomUUID().toString();
        double duplicatesBefore = count("crm.inbox.duplicates", "consumer", NoteEventsListener.CONSUMER);
        for (int i = 0; i < 5; i++) {
            kafka.send(noteEvent(eventId, "n-dup", "{\"noteId\":\"n-dup\"}")).get();
        }

        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("crm.inbox.duplicates", "consumer", NoteEventsListener.CONSUMER) - duplicatesBefore >= 4);
        assertThat(effectsOf(eventId)).isEqualTo(1);
        assertThat(listener.attemptsByEventId.get(eventId).get()).isEqualTo(1);
        Long inboxRows = db.sql("SELECT count(*) FROM inbox WHERE consumer = :c AND event_id = :id")
                .bind("c", NoteEventsListener.CONSUMER).bind("id", eventId).map(r -> r.get(0, Long.class)).one().block();
        assertThat(inboxRows).isEqualTo(1);
    }

    @Test
    void aFailingEventIsRetriedBoundedlyThenParkedOnTheDltAndThePartitionMovesOn() throws Exception {
        String failing = UUID.randomUUID().toString();
        String next = UUID.randomUUID().toString();
        // Same key, so the same partition: the second event waits behind the first.
        kafka.send(noteEvent(failing, "n-poison", "{\"noteId\":\"n-poison\",\"fail\":true}")).get();
        kafka.send(noteEvent(next, "n-poison", "{\"noteId\":\"n-poison\"}")).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> effectsOf(next) == 1);
        assertThat(effectsOf(failing)).isZero();
        assertThat(listener.attemptsByEventId.get(failing).get()).isEqualTo(1 + 3);
        // The failed attempts rolled back their inbox rows: the event is not marked as done.
        Long inboxRows = db.sql("SELECT count(*) FROM inbox WHERE event_id = :id").bind("id", failing)
                .map(r -> r.get(0, Long.class)).one().block();
        assertThat(inboxRows).isZero();

        ConsumerRecord<String, String> parked = deadLetterOf(failing);
        assertThat(parked.key()).isEqualTo("n-poison");
        assertThat(TopicReader.header(parked, "kafka_dlt-exception-message")).contains("fails");
        assertThat(TopicReader.header(parked, "kafka_dlt-original-topic")).isEqualTo(NoteEventsListener.TOPIC);
        assertThat(count("crm.inbox.dead.letters", "topic", NoteEventsListener.TOPIC)).isGreaterThanOrEqualTo(1);
    }

    /**
     * Issue #14 R4: while PostgreSQL restarts, a good event fails only because its session is terminated. It
     * must wait for the database, not be parked on the dead-letter topic after the three quick retries (its
     * saga would never finish): retried past max-retries until it applies, once.
     */
    @Test
    void anEventWhoseDatabaseIsAwayIsRetriedUntilItIsBackNotDeadLettered() throws Exception {
        String eventId = UUID.randomUUID().toString();
        double deadLettersBefore = count("crm.inbox.dead.letters", "topic", NoteEventsListener.TOPIC);
        kafka.send(noteEvent(eventId, "n-restart", "{\"noteId\":\"n-restart\",\"databaseAwayFor\":6}")).get();

        await().atMost(Duration.ofSeconds(60)).until(() -> effectsOf(eventId) == 1);
        assertThat(listener.attemptsByEventId.get(eventId).get()).isEqualTo(6 + 1);
        assertThat(count("crm.inbox.dead.letters", "topic", NoteEventsListener.TOPIC)).isEqualTo(deadLettersBefore);
        Long inboxRows = db.sql("SELECT count(*) FROM inbox WHERE event_id = :id").bind("id", eventId)
                .map(r -> r.get(0, Long.class)).one().block();
        assertThat(inboxRows).isEqualTo(1);
    }

    @Test
    void aMalformedRecordGoesToTheDltWithoutRetries() throws Exception {
        String after = UUID.randomUUID().toString();
        ProducerRecord<String, String> noId = noteEvent(null, "n-malformed", "{\"noteId\":\"n-malformed\"}");
        noId.headers().add("marker", "no-ce-id".getBytes(StandardCharsets.UTF_8));
        kafka.send(noId).get();
        kafka.send(noteEvent(after, "n-malformed", "{\"noteId\":\"n-malformed\"}")).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> effectsOf(after) == 1);
        List<ConsumerRecord<String, String>> parked = TopicReader.readUntil(bootstrap(), DeadLetters.topicFor(NoteEventsListener.TOPIC),
                Duration.ofSeconds(30), read -> read.stream().anyMatch(r -> "no-ce-id".equals(TopicReader.header(r, "marker"))));
        ConsumerRecord<String, String> record = parked.stream()
                .filter(r -> "no-ce-id".equals(TopicReader.header(r, "marker"))).findFirst().orElseThrow();
        assertThat(TopicReader.header(record, "kafka_dlt-exception-message")).contains("ce_id");
    }

    private ConsumerRecord<String, String> deadLetterOf(String eventId) {
        return TopicReader.readUntil(bootstrap(), DeadLetters.topicFor(NoteEventsListener.TOPIC), Duration.ofSeconds(30),
                        read -> read.stream().anyMatch(r -> eventId.equals(TopicReader.header(r, CloudEventHeaders.ID))))
                .stream().filter(r -> eventId.equals(TopicReader.header(r, CloudEventHeaders.ID))).findFirst().orElseThrow();
    }

    private String bootstrap() {
        return ServiceTestInfrastructure.broker(context).getBrokersAsString();
    }
}
