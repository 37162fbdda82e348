package dev.salescrm.systemtest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;

import dev.salescrm.launcher.cycle.CrmApi;

/**
 * What a downstream consumer reads: a topic read from the beginning with a plain {@link KafkaConsumer}, each
 * key's events in the order they were read. The record key is the aggregate id, so one key's events share a
 * partition and offset order is the order the consumer sees them in. A republished outbox row keeps its
 * {@code ce_id}; consumers deduplicate on it, and so does this reader.
 */
final class EventStories {

    /** One event as a consumer sees it. */
    record Event(String key, String type, String id, JsonNode data, int partition, long offset) {

        String text(String pointer) {
            JsonNode node = data.at(pointer);
            return node.isMissingNode() || node.isNull() ? null : node.asString();
        }
    }

    private EventStories() {
    }

    /**
     * Reads {@code topic} until every key of {@code expected} has at least as many events as expected, and then
     * to the end of every partition (so events nobody expected show up too), or until {@code bound} passes.
     * Returns each expected key's events, in order; the caller compares them with what it expected.
     */
    static Map<String, List<Event>> read(String bootstrap, String topic, Map<String, Integer> expected, Duration bound) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, List<Event>> stories = new LinkedHashMap<>();
        expected.keySet().forEach(key -> stories.put(key, new ArrayList<>()));
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(bound);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    List<Event> story = stories.get(record.key());
                    String id = header(record, "ce_id");
                    if (story != null && seen.add(id)) {
                        story.add(new Event(record.key(), header(record, "ce_type"), id,
                                record.value() == null ? CrmApi.json().nullNode() : CrmApi.json().readTree(record.value()),
                                record.partition(), record.offset()));
                    }
                }
                boolean complete = expected.entrySet().stream().allMatch(e -> stories.get(e.getKey()).size() >= e.getValue());
                if (complete && atEnd(consumer, partitions)) {
                    break;
                }
            }
        }
        return stories;
    }

    /** Each story as its event types, for a readable comparison. */
    static List<String> types(List<Event> story) {
        return story.stream().map(Event::type).toList();
    }

    /** The first event of a type in a story. */
    static Event first(List<Event> story, String type) {
        return story.stream().filter(e -> type.equals(e.type())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + types(story)));
    }

    private static boolean atEnd(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
