package dev.salescrm.lead.lead;

import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.inbox.IncomingEvent;
import dev.salescrm.platform.inbox.Inbox;
import dev.salescrm.platform.inbox.PoisonEventException;

/**
 * account-service's answer to a qualification (docs/qualification-saga.md): accepted or rejected.
 * Every other event on that topic is taken in and ignored. (opportunity-service's created
 * opportunity, the other confirmation, arrives through {@code dev.salescrm.lead.OpportunityEventsListener},
 * which also feeds the campaign funnel.)
 */
@Component
class ConversionRepliesListener {

    static final String ACCOUNT_EVENTS_CONSUMER = "lead-service.account-events";

    private final Inbox inbox;
    private final LeadService leads;

    ConversionRepliesListener(Inbox inbox, LeadService leads) {
        this.inbox = inbox;
        this.leads = leads;
    }

    @KafkaListener(topics = Topics.ACCOUNT_EVENTS, groupId = "lead-service")
    void onAccountEvent(ConsumerRecord<String, String> record) {
        inbox.process(record, ACCOUNT_EVENTS_CONSUMER, event -> switch (event.type()) {
            case EventTypes.LEAD_CONVERSION_ACCEPTED -> leads.customerSideAccepted(uuid(event, "leadId"));
            case EventTypes.LEAD_CONVERSION_REJECTED -> leads.conversionRejected(uuid(event, "leadId"), reason(event));
            default -> Mono.empty();
        });
    }

    private static String reason(IncomingEvent event) {
        String detail = event.text("detail");
        String reason = event.requiredText("reason");
        return detail == null ? reason : reason + ": " + detail;
    }

    private static UUID uuid(IncomingEvent event, String field) {
        try {
            return UUID.fromString(event.requiredText(field));
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException(event.type() + " " + event.id() + ": " + field + " is not a UUID");
        }
    }
}
