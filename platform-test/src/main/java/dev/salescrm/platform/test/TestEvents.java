package dev.salescrm.platform.test;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.ProducerRecord;

/** Records as another service would publish them: the data as value, {@code ce_id} and {@code ce_type} headers. */
public final class TestEvents {

    private TestEvents() {
    }

    public static ProducerRecord<String, String> record(String topic, String key, String type, String eventId, String data) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, data);
        record.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
