package dev.salescrm.lead;

import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.lead.campaign.FunnelOpportunities;
import dev.salescrm.lead.lead.LeadAccess;
import dev.salescrm.platform.inbox.IncomingEvent;
import dev.salescrm.platform.inbox.Inbox;
import dev.salescrm.platform.inbox.PoisonEventException;

/**
 * lead-service's one consumer of {@code crm.opportunity.events.v1}: each event is taken in once
 * (inbox {@value #CONSUMER}) and, in that one transaction, serves both features that need it —
 * the qualification saga (an opportunity created from a qualified lead completes its conversion)
 * and the campaign funnel (created, won, lost and reopened opportunities from leads and campaign
 * responses). One inbox name, because the inbox deduplicates per consumer: two listeners under one
 * name would each mark the other's events as done.
 */
@Component
public class OpportunityEventsListener {

    public static final String CONSUMER = "lead-service.opportunity-events";

    private final Inbox inbox;
    private final LeadAccess leads;
    private final FunnelOpportunities funnel;

    OpportunityEventsListener(Inbox inbox, LeadAccess leads, FunnelOpportunities funnel) {
        this.inbox = inbox;
        this.leads = leads;
        this.funnel = funnel;
    }

    @KafkaListener(topics = Topics.OPPORTUNITY_EVENTS, groupId = "lead-service")
    void onOpportunityEvent(ConsumerRecord<String, String> record) {
        inbox.process(record, CONSUMER, event -> conversion(event).then(funnel.record(event)));
    }

    /** An opportunity made for a qualified lead: one of the confirmations its conversion waits for. */
    private Mono<Void> conversion(IncomingEvent event) {
        if (!EventTypes.OPPORTUNITY_CREATED.equals(event.type()) || event.text("sourceLeadId") == null) {
            return Mono.empty();
        }
        return leads.opportunityCreated(uuid(event, "sourceLeadId"), uuid(event, "opportunityId"));
    }

    private static UUID uuid(IncomingEvent event, String field) {
        try {
            return UUID.fromString(event.requiredText(field));
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException(event.type() + " " + event.id() + ": " + field + " is not a UUID");
        }
    }
}
