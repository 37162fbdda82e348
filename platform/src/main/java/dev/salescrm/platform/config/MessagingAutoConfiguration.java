package dev.salescrm.platform.config;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.platform.inbox.DeadLetters;
import dev.salescrm.platform.inbox.Inbox;
import dev.salescrm.platform.outbox.OutboxProperties;
import dev.salescrm.platform.outbox.OutboxRelay;
import dev.salescrm.platform.outbox.OutboxWriter;
import dev.salescrm.platform.outbox.OutgoingEventCheck;

/** The outbox (writer and relay) and the inbox with its dead-letter handling. */
@AutoConfiguration(after = {R2dbcAutoConfiguration.class, DataR2dbcAutoConfiguration.class, KafkaAutoConfiguration.class})
@EnableConfigurationProperties(OutboxProperties.class)
public class MessagingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
        return TransactionalOperator.create(transactionManager);
    }

    @Bean
    OutboxWriter outboxWriter(DatabaseClient db, JsonMapper json, ObjectProvider<Tracer> tracer,
                              ObjectProvider<OutgoingEventCheck> checks) {
        return new OutboxWriter(db, json, tracer.getIfAvailable(), checks.orderedStream().toList());
    }

    @Bean
    OutboxRelay outboxRelay(DatabaseClient db, ConnectionFactory connectionFactory, TransactionalOperator tx,
                            KafkaTemplate<String, String> kafka, JsonMapper json, OutboxProperties properties,
                            @Value("${crm.outbox.source:/crm/${spring.application.name}}") String source,
                            MeterRegistry meters) {
        return new OutboxRelay(db, connectionFactory, tx, kafka, json, properties, source, meters);
    }

    @Bean
    Inbox inbox(DatabaseClient db, TransactionalOperator tx, JsonMapper json, MeterRegistry meters,
                @Value("${crm.inbox.timeout:30s}") Duration timeout) {
        return new Inbox(db, tx, json, meters, timeout);
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    CommonErrorHandler kafkaErrorHandler(KafkaTemplate<String, String> kafka, MeterRegistry meters,
                                         @Value("${crm.inbox.max-retries:3}") int maxRetries,
                                         @Value("${crm.inbox.initial-backoff:200ms}") Duration initialBackoff,
                                         @Value("${crm.inbox.max-backoff:2s}") Duration maxBackoff) {
        return DeadLetters.errorHandler(kafka, meters, maxRetries, initialBackoff.toMillis(), maxBackoff.toMillis());
    }
}
