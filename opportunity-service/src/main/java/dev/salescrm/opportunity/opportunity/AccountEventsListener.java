package dev.salescrm.opportunity.opportunity;

import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.inbox.Inbox;
import dev.salescrm.platform.inbox.IncomingEvent;

/**
 * Takes {@code crm.lead.conversion-rejected.v1} from account-service through the inbox and cancels
 * the opportunity the rejected qualification announced. Other account events are passed over.
 */
@Component
class AccountEventsListener {

    static final String CONSUMER = "opportunity-service.account-events";

    private static final Logger log = LoggerFactory.getLogger(AccountEventsListener.class);

    private final Inbox inbox;
    private final LeadConversion conversion;

    AccountEventsListener(Inbox inbox, LeadConversion conversion) {
        this.inbox = inbox;
        this.conversion = conversion;
    }

    @KafkaListener(topics = Topics.ACCOUNT_EVENTS, groupId = "opportunity-service")
    void on(ConsumerRecord<String, String> record) {
        if (!LeadEventsListener.Events.isOtherThan(record, EventTypes.LEAD_CONVERSION_REJECTED)) {
            inbox.process(record, CONSUMER, this::conversionRejected);
        }
    }

    private Mono<Void> conversionRejected(IncomingEvent event) {
        UUID leadId = LeadEventsListener.Events.uuid(event, event.data(), "leadId", true);
        UUID opportunityId = LeadEventsListener.Events.uuid(event, event.data(), "opportunityId", false);
        if (opportunityId == null) {
            // The rejected qualification announced no opportunity: nothing of ours to cancel.
            log.debug("conversion of lead {} rejected without an opportunity", leadId);
            return Mono.empty();
        }
        var rejection = new RejectedConversions.Rejection(opportunityId, leadId, event.requiredText("reason"),
                event.text("detail"));
        return conversion.cancelForRejectedConversion(rejection, event.text("actor"));
    }
}
