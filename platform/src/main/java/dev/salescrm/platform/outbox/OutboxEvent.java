package dev.salescrm.platform.outbox;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.salescrm.platform.id.Ids;

/**
 * An integration event to publish once the surrounding transaction commits.
 *
 * @param id            the event id, published as {@code ce_id}; consumers deduplicate on it
 * @param topic         the Kafka topic, e.g. {@code crm.lead.events.v1}
 * @param aggregateType e.g. {@code lead}
 * @param aggregateId   the record key, so one aggregate's events stay in order on one partition
 * @param type          the logical, versioned type, e.g. {@code crm.lead.created.v1} ({@code ce_type})
 * @param payload       the event data: a record or map, written as JSON (the public contract)
 * @param headers       extra record headers (e.g. {@code actor}); trace context is added by the writer
 */
public record OutboxEvent(UUID id, String topic, String aggregateType, String aggregateId, String type,
                          Object payload, Map<String, String> headers) {

    public OutboxEvent {
        Objects.requireNonNull(id, "id");
        requireText(topic, "topic");
        requireText(aggregateType, "aggregateType");
        requireText(aggregateId, "aggregateId");
        requireText(type, "type");
        Objects.requireNonNull(payload, "payload");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static OutboxEvent of(String topic, String aggregateType, Object aggregateId, String type, Object payload) {
        return new OutboxEvent(Ids.newId(), topic, aggregateType, String.valueOf(aggregateId), type, payload, Map.of());
    }

    public OutboxEvent withHeader(String name, String value) {
        var copy = new java.util.HashMap<>(headers);
        copy.put(name, value);
        return new OutboxEvent(id, topic, aggregateType, aggregateId, type, payload, copy);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
