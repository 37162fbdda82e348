package dev.salescrm.catalog.price;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.events.CloudEventHeaders;

/**
 * Turns an outbox row marked {@value #MARKER} into a real Kafka tombstone (null value) on the
 * compacted price topic.
 *
 * <p>Why here: the platform's outbox stores a JSON payload ({@code payload jsonb NOT NULL}) and
 * the relay sends it as the value; it has no way to say "null value". So a price removal is
 * written to the outbox in the same transaction as the delete — as the removed price, a valid
 * {@code crm.price.upserted.v1} payload, with this marker header — and this producer interceptor
 * (configured in application.yml) drops the value, the marker, {@code ce_type} and
 * {@code content-type} just before the send. Order per key is kept, because the tombstone goes
 * through the same outbox and relay as the upserts of that key. A platform-level
 * {@code OutboxEvent.tombstone(...)} would make this unnecessary.
 */
public class PriceTombstones implements ProducerInterceptor<String, String> {

    public static final String MARKER = "crm_tombstone";

    @Override
    public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
        if (record.headers().lastHeader(MARKER) == null || !Topics.CATALOG_PRICES.equals(record.topic())) {
            return record;
        }
        Headers headers = new RecordHeaders();
        record.headers().forEach(header -> {
            String name = header.key();
            if (!name.equals(MARKER) && !name.equals(CloudEventHeaders.TYPE) && !name.equals(CloudEventHeaders.CONTENT_TYPE)) {
                headers.add(header);
            }
        });
        return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(), null, headers);
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
