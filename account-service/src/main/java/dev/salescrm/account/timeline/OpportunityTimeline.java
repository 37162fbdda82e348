package dev.salescrm.account.timeline;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import dev.salescrm.account.timeline.TimelineLinks.RefType;
import dev.salescrm.account.timeline.domain.Customer;
import dev.salescrm.account.timeline.domain.TimelineEntries;
import dev.salescrm.account.timeline.domain.TimelineEntry;
import dev.salescrm.contracts.EventTypes;
import dev.salescrm.platform.inbox.IncomingEvent;

/**
 * The timeline entries of opportunity-service's events: an opportunity created, won (with its
 * actual revenue), lost (reason, competitor) and reopened, on its account's and contact's
 * timelines. Runs inside the inbox's transaction of the opportunity listener; other opportunity
 * events (stage changes, quotes) tell the customer's story no further and are passed over.
 */
@Service
public class OpportunityTimeline {

    private static final Logger log = LoggerFactory.getLogger(OpportunityTimeline.class);

    private final TimelineRepository timeline;
    private final TimelineLinks links;

    OpportunityTimeline(TimelineRepository timeline, TimelineLinks links) {
        this.timeline = timeline;
        this.links = links;
    }

    public Mono<Void> record(IncomingEvent event) {
        String type = event.type();
        if (!(EventTypes.OPPORTUNITY_CREATED.equals(type) || EventTypes.OPPORTUNITY_WON.equals(type)
                || EventTypes.OPPORTUNITY_LOST.equals(type) || EventTypes.OPPORTUNITY_REOPENED.equals(type))) {
            return Mono.empty();
        }
        UUID opportunityId = EventFields.requiredUuid(event, "opportunityId");
        Customer named = new Customer(EventFields.uuid(event, "accountId"), EventFields.uuid(event, "contactId"));
        String name = EventFields.text(event, "name");
        return links.find(RefType.OPPORTUNITY, opportunityId).flatMap(known -> {
            Customer customer = named.orElse(known.customer());
            String label = name != null ? name : known.label();
            Mono<Void> remembered = links.remember(RefType.OPPORTUNITY, opportunityId, named, name);
            if (customer.isNobody()) {
                // Nobody to put it on: an opportunity whose creation account-service never saw.
                log.warn("{} {}: opportunity {} names no account or contact, and none is known; no timeline entry",
                        type, event.id(), opportunityId);
                return remembered;
            }
            return remembered.then(timeline.record(entry(event, opportunityId, customer, label), event.id())).then();
        });
    }

    private static TimelineEntry entry(IncomingEvent event, UUID opportunityId, Customer customer, String name) {
        UUID id = TimelineEntries.idOfEvent(event.id());
        String actor = EventFields.text(event, "actor");
        var at = EventFields.occurredAt(event);
        return switch (event.type()) {
            case EventTypes.OPPORTUNITY_CREATED -> TimelineEntries.opportunityCreated(id, customer, opportunityId, name,
                    EventFields.amount(event, event.data().get("estimatedRevenue"), "estimatedRevenue"),
                    EventFields.date(event, "estimatedCloseDate"), EventFields.uuid(event, "sourceLeadId"),
                    EventFields.uuid(event, "sourceCampaignResponseId"), at, actor);
            case EventTypes.OPPORTUNITY_WON -> TimelineEntries.opportunityWon(id, customer, opportunityId, name,
                    EventFields.amount(event, event.data().get("actualRevenue"), "actualRevenue"),
                    EventFields.date(event, "actualCloseDate"), EventFields.uuid(event, "quoteId"),
                    EventFields.text(event, "note"), at, actor);
            case EventTypes.OPPORTUNITY_LOST -> TimelineEntries.opportunityLost(id, customer, opportunityId, name,
                    EventFields.text(event, "reason"), EventFields.text(event, "competitor"),
                    EventFields.text(event, "note"), EventFields.date(event, "actualCloseDate"), at, actor);
            case EventTypes.OPPORTUNITY_REOPENED -> TimelineEntries.opportunityReopened(id, customer, opportunityId, name,
                    EventFields.text(event, "previousStatus"), EventFields.text(event, "previousStatusReason"),
                    EventFields.text(event, "stage"), at, actor);
            default -> throw new IllegalArgumentException("not an opportunity lifecycle event: " + event.type());
        };
    }
}
