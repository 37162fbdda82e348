package dev.salescrm.catalog.pricing.replica;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

import dev.salescrm.contracts.Topics;

/**
 * Feeds {@link PriceReplica} from the compacted price topic. Its consumer group is the service's
 * own ({@code <spring.application.name>.price-replica} unless {@code crm.price-replica.group-id}
 * says otherwise) and starts at the earliest offset, so a new service — or a new group — rebuilds
 * the complete table from the topic; after that it follows the committed offsets.
 *
 * <p>Blocking on the listener thread like every CRM listener: per-partition order holds (the
 * prices of one key stay in order). A record that cannot be applied is retried and then goes to
 * {@code crm.catalog.prices.v1.dlt} (the platform's error handler).
 */
public class PriceReplicaListener {

    private final PriceReplica replica;
    private final Duration timeout;

    public PriceReplicaListener(PriceReplica replica, Duration timeout) {
        this.replica = replica;
        this.timeout = timeout;
    }

    @KafkaListener(id = "crmPriceReplica", topics = Topics.CATALOG_PRICES,
            groupId = "${crm.price-replica.group-id:${spring.application.name}.price-replica}",
            properties = "auto.offset.reset=earliest")
    void on(ConsumerRecord<String, String> record) {
        replica.apply(record).block(timeout);
    }
}
