package dev.salescrm.opportunity.opportunity;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.opportunity.opportunity.LeadEventsListener.Events;
import dev.salescrm.opportunity.opportunity.domain.Customer;
import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.platform.inbox.Inbox;
import dev.salescrm.platform.inbox.IncomingEvent;
import dev.salescrm.platform.inbox.PoisonEventException;
import dev.salescrm.platform.outbox.OutboxWriter;

/**
 * A campaign response converted with {@code NEW_OPPORTUNITY} (lead-service,
 * {@code crm.campaign-response.converted.v1}) becomes an opportunity here, with exactly the id
 * lead-service allocated and {@code sourceCampaignResponseId} set, so the campaign funnel can
 * follow it to a win. The other conversion actions are none of this service's business.
 *
 * <p>The customer is taken as announced: lead-service checked it when the user converted the
 * response, and this service's customer replica may simply not have seen a new account yet.
 */
@Component
class CampaignEventsListener {

    static final String CONSUMER = "opportunity-service.campaign-events";
    static final String NEW_OPPORTUNITY = "NEW_OPPORTUNITY";

    private static final Logger log = LoggerFactory.getLogger(CampaignEventsListener.class);

    private final Inbox inbox;
    private final OpportunityRepository opportunities;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    CampaignEventsListener(Inbox inbox, OpportunityRepository opportunities, OutboxWriter outbox, TransactionalOperator tx) {
        this.inbox = inbox;
        this.opportunities = opportunities;
        this.outbox = outbox;
        this.tx = tx;
    }

    @KafkaListener(topics = Topics.CAMPAIGN_EVENTS, groupId = "opportunity-service")
    void on(ConsumerRecord<String, String> record) {
        if (!Events.isOtherThan(record, EventTypes.CAMPAIGN_RESPONSE_CONVERTED)) {
            inbox.process(record, CONSUMER, this::responseConverted);
        }
    }

    private Mono<Void> responseConverted(IncomingEvent event) {
        if (!NEW_OPPORTUNITY.equals(event.text("action"))) {
            return Mono.empty();
        }
        UUID responseId = Events.uuid(event, event.data(), "campaignResponseId", true);
        UUID opportunityId = Events.uuid(event, event.data(), "opportunityId", true);
        UUID accountId = Events.uuid(event, event.data(), "accountId", false);
        UUID contactId = Events.uuid(event, event.data(), "contactId", false);
        if (accountId == null && contactId == null) {
            throw new PoisonEventException(event.type() + " " + event.id() + ": NEW_OPPORTUNITY without an account or a contact");
        }
        Customer customer = accountId != null ? Customer.account(accountId) : Customer.contact(contactId);
        String actor = event.text("actor");
        String ownerId = Events.firstText(event.data().path("ownerId"), event.data().path("actor"));
        String name = Events.firstText(event.data().path("opportunityName"));
        Opportunity opened;
        try {
            Opportunity.Proposal proposal = new Opportunity.Proposal(name, customer, ownerId, null, null, null, responseId);
            // Microseconds: what PostgreSQL keeps, so what was stored equals what is read back.
            opened = Opportunity.open(opportunityId, proposal, actor, clock.instant().truncatedTo(ChronoUnit.MICROS));
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException(event.type() + " " + event.id() + ": " + e.getMessage());
        }
        return opportunities.insertIfAbsent(opened)
                .flatMap(inserted -> {
                    if (!inserted) {
                        log.info("opportunity {} exists already; campaign response {} changes nothing", opportunityId, responseId);
                        return Mono.<Void>empty();
                    }
                    return outbox.append(OpportunityEvents.created(opened, actor));
                })
                .as(tx::transactional);
    }
}
