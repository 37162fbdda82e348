package dev.salescrm.billing.order;

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
 * Deal closure, billing side: a quote accepted in opportunity-service becomes an order here. Taken
 * in through the inbox, so a redelivered event changes nothing; every other opportunity event is
 * taken in and passed over. An event that cannot become an order goes to
 * {@code crm.opportunity.events.v1.dlt} with the reason, and the partition moves on.
 */
@Component
class QuoteAcceptedListener {

    static final String CONSUMER = "billing-service.opportunity-events";

    private final Inbox inbox;
    private final OrderPlacement placement;

    QuoteAcceptedListener(Inbox inbox, OrderPlacement placement) {
        this.inbox = inbox;
        this.placement = placement;
    }

    @KafkaListener(topics = Topics.OPPORTUNITY_EVENTS, groupId = "billing-service")
    void on(ConsumerRecord<String, String> record) {
        inbox.process(record, CONSUMER, event -> EventTypes.QUOTE_ACCEPTED.equals(event.type())
                ? placeOrder(event)
                : Mono.empty());
    }

    private Mono<Void> placeOrder(IncomingEvent event) {
        return placement.place(QuoteAcceptedEvent.read(event)).flatMap(outcome -> switch (outcome) {
            case PLACED, ALREADY_PLACED -> Mono.<Void>empty();
            case QUOTE_HAS_ANOTHER_ORDER -> Mono.error(new PoisonEventException(event.type() + " " + event.id()
                    + ": the quote already became another order"));
            case ORDER_ID_TAKEN -> Mono.error(new PoisonEventException(event.type() + " " + event.id()
                    + ": the order id belongs to another quote's order"));
        });
    }
}
