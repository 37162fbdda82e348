package dev.salescrm.account.leadintake;

import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.inbox.IncomingEvent;
import dev.salescrm.platform.inbox.Inbox;
import dev.salescrm.platform.inbox.PoisonEventException;

/**
 * Takes in lead events from lead-service through the inbox, so a redelivered event changes
 * nothing. Today it records a receipt per event; the qualification saga will create accounts and
 * contacts here.
 */
@Component
class LeadEventsListener {

    static final String CONSUMER = "account-service.lead-events";

    private final Inbox inbox;
    private final DatabaseClient db;

    LeadEventsListener(Inbox inbox, DatabaseClient db) {
        this.inbox = inbox;
        this.db = db;
    }

    @KafkaListener(topics = Topics.LEAD_EVENTS, groupId = "account-service")
    void on(ConsumerRecord<String, String> record) {
        inbox.process(record, CONSUMER, this::recordReceipt);
    }

    private Mono<Long> recordReceipt(IncomingEvent event) {
        UUID leadId;
        try {
            leadId = UUID.fromString(event.requiredText("leadId"));
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException(event.type() + " " + event.id() + " has a leadId that is not a UUID");
        }
        return db.sql("INSERT INTO lead_event_receipt (event_id, lead_id, type) VALUES (:eventId, :leadId, :type)")
                .bind("eventId", event.id())
                .bind("leadId", leadId)
                .bind("type", event.type())
                .fetch().rowsUpdated();
    }
}
