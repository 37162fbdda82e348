package dev.salescrm.lead;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import dev.salescrm.contracts.Topics;

/** The topics lead-service publishes to; created at start-up if the broker lacks them. */
@Configuration(proxyBeanMethods = false)
class LeadTopics {

    @Bean
    NewTopic leadEvents() {
        return TopicBuilder.name(Topics.LEAD_EVENTS).partitions(Topics.PARTITIONS).build();
    }

    @Bean
    NewTopic campaignEvents() {
        return TopicBuilder.name(Topics.CAMPAIGN_EVENTS).partitions(Topics.PARTITIONS).build();
    }
}
