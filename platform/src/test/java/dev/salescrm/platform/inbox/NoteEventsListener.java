package dev.salescrm.platform.inbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * A consumer in the platform test application, written the way a service writes one: a blocking
 * listener that hands each record to the inbox with its effect (a row in {@code note_effect}).
 * An event whose data says {@code "fail": true} makes the effect throw, every time; one that says
 * {@code "databaseAwayFor": n} has its session terminated by the server in its first n attempts, as a
 * PostgreSQL restart terminates every session.
 */
@Component
class NoteEventsListener {

    static final String TOPIC = "test.notes.v1";
    static final String CONSUMER = "platform-test.note-events";

    private final Inbox inbox;
    private final DatabaseClient db;
    final Map<String, AtomicInteger> attemptsByEventId = new ConcurrentHashMap<>();

    NoteEventsListener(Inbox inbox, DatabaseClient db) {
        this.inbox = inbox;
        this.db = db;
    }

    @KafkaListener(topics = TOPIC, groupId = "platform-test-notes")
    void on(ConsumerRecord<String, String> record) {
        inbox.process(record, CONSUMER, event -> {
            int attempt = attemptsByEventId.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
            if (event.data().path("fail").asBoolean(false)) {
                throw new IllegalStateException("the effect of " + event.id() + " fails");
            }
            if (attempt <= event.data().path("databaseAwayFor").asInt(0)) {
                return db.sql("SELECT pg_terminate_backend(pg_backend_pid())").fetch().rowsUpdated();
            }
            return db.sql("INSERT INTO note_effect (event_id, note_id) VALUES (:eventId, :noteId)")
                    .bind("eventId", event.id())
                    .bind("noteId", event.requiredText("noteId"))
                    .fetch().rowsUpdated();
        });
    }

    @Configuration
    static class Topics {

        @Bean
        NewTopic testNotes() {
            return TopicBuilder.name(TOPIC).partitions(3).build();
        }

        @Bean
        NewTopic testNotesDeadLetters() {
            return TopicBuilder.name(DeadLetters.topicFor(TOPIC)).partitions(3).build();
        }
    }
}
