package dev.salescrm.account.timeline;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.inbox.Inbox;

/**
 * Takes in billing-service's events through the inbox (a redelivery changes nothing) for the
 * timelines of the accounts and contacts the orders and invoices are for ({@link BillingTimeline}).
 * Events it cannot read go to {@code crm.billing.events.v1.dlt}.
 */
@Component
class BillingEventsListener {

    static final String CONSUMER = "account-service.billing-events";

    private final Inbox inbox;
    private final BillingTimeline billing;

    BillingEventsListener(Inbox inbox, BillingTimeline billing) {
        this.inbox = inbox;
        this.billing = billing;
    }

    @KafkaListener(topics = Topics.BILLING_EVENTS, groupId = "account-service")
    void on(ConsumerRecord<String, String> record) {
        inbox.process(record, CONSUMER, billing::record);
    }
}
