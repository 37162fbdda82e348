package dev.salescrm.account;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.inbox.DeadLetters;

/**
 * The topics account-service publishes to, those it consumes, and their dead-letter topics.
 * Declaring consumed topics too (with the sizes from contracts) means a consumer that starts
 * before the producer finds the topic fully sized, instead of a one-partition stub.
 */
@Configuration(proxyBeanMethods = false)
class AccountTopics {

    @Bean
    NewTopic accountEvents() {
        return TopicBuilder.name(Topics.ACCOUNT_EVENTS).partitions(Topics.PARTITIONS).build();
    }

    @Bean
    NewTopic leadEvents() {
        return TopicBuilder.name(Topics.LEAD_EVENTS).partitions(Topics.PARTITIONS).build();
    }

    @Bean
    NewTopic leadEventsDeadLetters() {
        return TopicBuilder.name(DeadLetters.topicFor(Topics.LEAD_EVENTS)).partitions(Topics.PARTITIONS).build();
    }

    @Bean
    NewTopic opportunityEvents() {
        return TopicBuilder.name(Topics.OPPORTUNITY_EVENTS).partitions(Topics.PARTITIONS).build();
    }

    @Bean
    NewTopic opportunityEventsDeadLetters() {
        return TopicBuilder.name(DeadLetters.topicFor(Topics.OPPORTUNITY_EVENTS)).partitions(Topics.PARTITIONS).build();
    }

    @Bean
    NewTopic billingEvents() {
        return TopicBuilder.name(Topics.BILLING_EVENTS).partitions(Topics.PARTITIONS).build();
    }

    @Bean
    NewTopic billingEventsDeadLetters() {
        return TopicBuilder.name(DeadLetters.topicFor(Topics.BILLING_EVENTS)).partitions(Topics.PARTITIONS).build();
    }

    @Bean
    NewTopic campaignEvents() {
        return TopicBuilder.name(Topics.CAMPAIGN_EVENTS).partitions(Topics.PARTITIONS).build();
    }

    @Bean
    NewTopic campaignEventsDeadLetters() {
        return TopicBuilder.name(DeadLetters.topicFor(Topics.CAMPAIGN_EVENTS)).partitions(Topics.PARTITIONS).build();
    }
}
