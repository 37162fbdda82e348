package dev.salescrm.platform.inbox;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.platform.events.CloudEventHeaders;

/**
 * An event as a consumer sees it: the CloudEvents envelope from the record headers and the data
 * as JSON. Built from a Kafka record; a record that cannot be one (no {@code ce_id}, no
 * {@code ce_type}, data that is not a JSON object) is a {@link PoisonEventException}.
 */
public record IncomingEvent(String id, String type, String source, String subject, String time,
                            String topic, String key, JsonNode data, Map<String, String> headers) {

    public static IncomingEvent from(ConsumerRecord<String, String> record, JsonMapper json) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        String id = headers.get(CloudEventHeaders.ID);
        String type = headers.get(CloudEventHeaders.TYPE);
        if (id == null || id.isBlank() || id.length() > 200) {
            throw new PoisonEventException("record has no usable ce_id header");
        }
        if (type == null || type.isBlank()) {
            throw new PoisonEventException("record has no ce_type header");
        }
        if (record.value() == null) {
            throw new PoisonEventException("record has no value");
        }
        JsonNode data;
        try {
            data = json.readTree(record.value());
        } catch (JacksonException e) {
            throw new PoisonEventException("record value is not JSON: " + e.getOriginalMessage());
        }
        if (data == null || !data.isObject()) {
            throw new PoisonEventException("record value is not a JSON object");
        }
        return new IncomingEvent(id, type, headers.get(CloudEventHeaders.SOURCE), headers.get(CloudEventHeaders.SUBJECT),
                headers.get(CloudEventHeaders.TIME), record.topic(), record.key(), data, Map.copyOf(headers));
    }

    /** A required text field of the data; missing is a poison event, not something to retry. */
    public String requiredText(String field) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull() || node.asString().isBlank()) {
            throw new PoisonEventException(type + " " + id + " lacks the field '" + field + "'");
        }
        return node.asString();
    }

    /** An optional text field of the data, or null. */
    public String text(String field) {
        JsonNode node = data.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }
}
