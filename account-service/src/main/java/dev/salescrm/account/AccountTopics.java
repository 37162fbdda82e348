package dev.salescrm.account;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.inbox.DeadLetters;

/** The topic account-service publishes to, and the dead-letter topics of what it consumes. */
@Configuration(proxyBeanMethods = false)
class AccountTopics {

    @Bean
    NewTopic accountEvents() {
        return TopicBuilder.name(Topics.ACCOUNT_EVENTS).partitions(Topics.PARTITIONS).build();
    }

    @Bean
    NewTopic leadEventsDeadLetters() {
        return TopicBuilder.name(DeadLetters.topicFor(Topics.LEAD_EVENTS)).partitions(Topics.PARTITIONS).build();
    }
}
