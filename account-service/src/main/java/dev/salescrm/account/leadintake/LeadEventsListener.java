package dev.salescrm.account.leadintake;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.inbox.Inbox;

/**
 * Takes in lead events from lead-service through the inbox, so a redelivered event changes
 * nothing. A qualified lead becomes an account and/or contact ({@link LeadQualification}); the
 * other lead events are recorded as seen and otherwise ignored.
 */
@Component
class LeadEventsListener {

    static final String CONSUMER = "account-service.lead-events";

    private final Inbox inbox;
    private final LeadQualification qualification;

    LeadEventsListener(Inbox inbox, LeadQualification qualification) {
        this.inbox = inbox;
        this.qualification = qualification;
    }

    @KafkaListener(topics = Topics.LEAD_EVENTS, groupId = "account-service")
    void on(ConsumerRecord<String, String> record) {
        inbox.process(record, CONSUMER, event -> EventTypes.LEAD_QUALIFIED.equals(event.type())
                ? qualification.honour(QualifiedLead.from(event))
                : Mono.empty());
    }
}
