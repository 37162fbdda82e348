package dev.salescrm.account.account;

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
import dev.salescrm.platform.web.NotFoundException;

/**
 * Deal closure, account side: when an opportunity for an account is won, the account — if it was a
 * prospect — becomes a customer. Opportunities for a contact without an account, and every other
 * opportunity event, are taken in and passed over.
 */
@Component
class OpportunityWonListener {

    static final String CONSUMER = "account-service.opportunity-events";

    private final Inbox inbox;
    private final AccountService accounts;

    OpportunityWonListener(Inbox inbox, AccountService accounts) {
        this.inbox = inbox;
        this.accounts = accounts;
    }

    @KafkaListener(topics = Topics.OPPORTUNITY_EVENTS, groupId = "account-service")
    void on(ConsumerRecord<String, String> record) {
        inbox.process(record, CONSUMER, event -> {
            if (!EventTypes.OPPORTUNITY_WON.equals(event.type()) || event.text("accountId") == null) {
                return Mono.empty();
            }
            UUID accountId = uuid(event, "accountId");
            return accounts.opportunityWon(accountId, uuid(event, "opportunityId"), event.text("actor"))
                    .onErrorMap(NotFoundException.class, e -> new PoisonEventException(
                            event.type() + " " + event.id() + " names account " + accountId + ", which does not exist"));
        });
    }

    private static UUID uuid(IncomingEvent event, String field) {
        try {
            return UUID.fromString(event.requiredText(field));
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException(event.type() + " " + event.id() + ": " + field + " is not a UUID");
        }
    }
}
