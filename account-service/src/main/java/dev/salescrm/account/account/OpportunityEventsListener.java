package dev.salescrm.account.account;

import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.salescrm.account.timeline.EventFields;
import dev.salescrm.account.timeline.OpportunityTimeline;
import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.inbox.IncomingEvent;
import dev.salescrm.platform.inbox.Inbox;
import dev.salescrm.platform.web.NotFoundException;

/**
 * The one consumer of opportunity-service's events, through the inbox. Two effects, in the inbox's
 * transaction:
 * <ul>
 *   <li>the customer's timeline: an opportunity created, won, lost or reopened ({@link OpportunityTimeline});</li>
 *   <li>deal closure, account side: when an opportunity for an account is won, the account — if it
 *       was a prospect — becomes a customer. A won opportunity naming an account that does not
 *       exist is parked on the dead-letter topic, its timeline entry with it (it rolls back).</li>
 * </ul>
 * Other opportunity events (stage changes, quotes) are taken in and passed over.
 */
@Component
class OpportunityEventsListener {

    static final String CONSUMER = "account-service.opportunity-events";

    private final Inbox inbox;
    private final AccountService accounts;
    private final EarlyWins earlyWins;
    private final OpportunityTimeline timeline;

    OpportunityEventsListener(Inbox inbox, AccountService accounts, EarlyWins earlyWins, OpportunityTimeline timeline) {
        this.inbox = inbox;
        this.accounts = accounts;
        this.earlyWins = earlyWins;
        this.timeline = timeline;
    }

    @KafkaListener(topics = Topics.OPPORTUNITY_EVENTS, groupId = "account-service")
    void on(ConsumerRecord<String, String> record) {
        inbox.process(record, CONSUMER, event -> timeline.record(event).then(Mono.defer(() -> dealClosure(event))));
    }

    private Mono<Void> dealClosure(IncomingEvent event) {
        if (!EventTypes.OPPORTUNITY_WON.equals(event.type()) || event.text("accountId") == null) {
            return Mono.empty();
        }
        UUID accountId = EventFields.requiredUuid(event, "accountId");
        UUID opportunityId = EventFields.requiredUuid(event, "opportunityId");
        // An account not created yet: its qualified lead may still be on its way (another topic).
        return accounts.opportunityWon(accountId, opportunityId, event.text("actor"))
                .onErrorResume(NotFoundException.class, e -> earlyWins.remember(accountId, opportunityId, event.text("actor")));
    }
}
