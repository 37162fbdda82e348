package dev.salescrm.billing;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.inbox.DeadLetters;

/**
 * The topics billing-service publishes to, those it consumes, and their dead-letter topics.
 * Declaring consumed topics too (with the sizes from contracts) means a consumer that starts
 * before the producer finds the topic fully sized, instead of a one-partition stub.
 */
@Configuration(proxyBeanMethods = false)
class BillingTopics {

    @Bean
    NewTopic billingEvents() {
        return TopicBuilder.name(Topics.BILLING_EVENTS).partitions(Topics.PARTITIONS).build();
    }

    @Bean
    NewTopic opportunityEvents() {
        return TopicBuilder.name(Topics.OPPORTUNITY_EVENTS).partitions(Topics.PARTITIONS).build();
    }

    @Bean
    NewTopic opportunityEventsDeadLetters() {
        return TopicBuilder.name(DeadLetters.topicFor(Topics.OPPORTUNITY_EVENTS)).partitions(Topics.PARTITIONS).build();
    }
}
