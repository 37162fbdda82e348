package dev.salescrm.opportunity.opportunity;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.inbox.Inbox;
import dev.salescrm.platform.inbox.IncomingEvent;

/**
 * Takes account-service's events through the inbox: {@code crm.lead.conversion-rejected.v1} cancels
 * the opportunity the rejected qualification announced; account and contact {@code created}/
 * {@code updated} keep the replica of known customers (so opportunities are only opened for
 * customers that exist). Other account events are passed over.
 */
@Component
class AccountEventsListener {

    static final String CONSUMER = "opportunity-service.account-events";

    private static final Logger log = LoggerFactory.getLogger(AccountEventsListener.class);

    private final Inbox inbox;
    private final LeadConversion conversion;
    private final KnownCustomers customers;

    AccountEventsListener(Inbox inbox, LeadConversion conversion, KnownCustomers customers) {
        this.inbox = inbox;
        this.conversion = conversion;
        this.customers = customers;
    }

    @KafkaListener(topics = Topics.ACCOUNT_EVENTS, groupId = "opportunity-service")
    void on(ConsumerRecord<String, String> record) {
        var type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        String name = type == null || type.value() == null ? "" : new String(type.value(), StandardCharsets.UTF_8);
        switch (name) {
            case EventTypes.ACCOUNT_CREATED, EventTypes.ACCOUNT_UPDATED ->
                    inbox.process(record, CONSUMER, event -> customers.remember(event, KnownCustomers.Kind.ACCOUNT));
            case EventTypes.CONTACT_CREATED, EventTypes.CONTACT_UPDATED ->
                    inbox.process(record, CONSUMER, event -> customers.remember(event, KnownCustomers.Kind.CONTACT));
            case EventTypes.LEAD_CONVERSION_REJECTED, "" -> // no type at all: the inbox parks it on the DLT
                    inbox.process(record, CONSUMER, this::conversionRejected);
            default -> {
                // an account event this service does not need
            }
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
