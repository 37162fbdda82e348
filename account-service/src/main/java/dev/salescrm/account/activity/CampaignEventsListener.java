package dev.salescrm.account.activity;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.inbox.Inbox;

/**
 * Takes in lead-service's campaign events through the inbox (a redelivery changes nothing): a
 * response linked to an existing contact becomes a follow-up activity with it
 * ({@link CampaignResponseFollowUps}); every other campaign event is recorded as seen and passed
 * over. Events it cannot read go to {@code crm.campaign.events.v1.dlt}.
 */
@Component
class CampaignEventsListener {

    static final String CONSUMER = "account-service.campaign-events";

    private final Inbox inbox;
    private final CampaignResponseFollowUps followUps;

    CampaignEventsListener(Inbox inbox, CampaignResponseFollowUps followUps) {
        this.inbox = inbox;
        this.followUps = followUps;
    }

    @KafkaListener(topics = Topics.CAMPAIGN_EVENTS, groupId = "account-service")
    void on(ConsumerRecord<String, String> record) {
        inbox.process(record, CONSUMER, followUps::record);
    }
}
