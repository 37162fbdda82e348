package dev.salescrm.catalog;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import dev.salescrm.contracts.Topics;

/** The topics catalog-service publishes (it consumes none); sizes from contracts. */
@Configuration(proxyBeanMethods = false)
class CatalogTopics {

    @Bean
    NewTopic catalogEvents() {
        return TopicBuilder.name(Topics.CATALOG_EVENTS).partitions(Topics.PARTITIONS).build();
    }

    /** Compacted: the latest record per {@code priceListId:productId:unitId} is the price, a tombstone removes it. */
    @Bean
    NewTopic catalogPrices() {
        return TopicBuilder.name(Topics.CATALOG_PRICES).partitions(Topics.PARTITIONS)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                .build();
    }
}
