package dev.salescrm.catalog.pricing.replica;

import java.time.Duration;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.inbox.DeadLetters;

/**
 * The price replica in a consuming service, on when {@code crm.price-replica.enabled=true}: its
 * table (own Flyway history), a {@link PriceReplica} bean, the listener that keeps it current,
 * and the declaration of the topics it reads (consumers never create topics by accident; the
 * same compacted definition as catalog-service's).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "dev.salescrm.platform.config.MessagingAutoConfiguration"})
@ConditionalOnProperty(prefix = "crm.price-replica", name = "enabled", havingValue = "true")
public class PriceReplicaAutoConfiguration {

    @Bean
    PriceReplicaMigrations priceReplicaMigrations(Flyway flyway) {
        return new PriceReplicaMigrations(flyway);
    }

    @Bean
    PriceReplica priceReplica(PriceReplicaMigrations migrated, DatabaseClient db, JsonMapper json) {
        return new PriceReplica(db, json);
    }

    @Bean
    PriceReplicaListener priceReplicaListener(PriceReplica replica,
                                              @Value("${crm.price-replica.timeout:30s}") Duration timeout) {
        return new PriceReplicaListener(replica, timeout);
    }

    @Bean
    NewTopic crmCatalogPricesTopic() {
        return TopicBuilder.name(Topics.CATALOG_PRICES).partitions(Topics.PARTITIONS)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                .build();
    }

    @Bean
    NewTopic crmCatalogPricesDeadLetters() {
        return TopicBuilder.name(DeadLetters.topicFor(Topics.CATALOG_PRICES)).partitions(Topics.PARTITIONS).build();
    }
}
