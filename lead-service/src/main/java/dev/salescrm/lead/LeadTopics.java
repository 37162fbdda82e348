package dev.salescrm.lead;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.inbox.DeadLetters;

/**
 * The topics lead-service publishes to and consumes, and the dead-letter topics of what it
 * consumes; created at start-up if the broker lacks them (sizes from contracts).
 */
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

    @Bean
    NewTopic accountEvents() {
        return TopicBuilder.name(Topics.ACCOUNT_EVENTS).partitions(Topics.PARTITIONS).build();
    }

    @Bean
    NewTopic opportunityEvents() {
        return TopicBuilder.name(Topics.OPPORTUNITY_EVENTS).partitions(Topics.PARTITIONS).build();
    }

    @Bean
    NewTopic accountEventsDeadLetters() {
        return TopicBuilder.name(DeadLetters.topicFor(Topics.ACCOUNT_EVENTS)).partitions(Topics.PARTITIONS).build();
    }

    @Bean
    NewTopic opportunityEventsDeadLetters() {
        return TopicBuilder.name(DeadLetters.topicFor(Topics.OPPORTUNITY_EVENTS)).partitions(Topics.PARTITIONS).build();
    }
}
