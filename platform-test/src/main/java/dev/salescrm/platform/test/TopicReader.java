package dev.salescrm.platform.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning with a plain Kafka consumer, the way an analytics job would,
 * until a condition on what was read holds or a time bound passes.
 */
public final class TopicReader {

    private TopicReader() {
    }

    /** Every record read, in partition order within each partition. */
    public static List<ConsumerRecord<String, String>> readUntil(String bootstrap, String topic, Duration bound,
                                                                 Predicate<List<ConsumerRecord<String, String>>> done) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "topic-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(bound);
            while (Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                if (done.test(read)) {
                    return read;
                }
            }
        }
        throw new AssertionError("within " + bound + " the records read from " + topic
                + " did not satisfy the condition; read " + read.size() + ": " + summary(read));
    }

    /** Reads until {@code count} records arrived. */
    public static List<ConsumerRecord<String, String>> readAtLeast(String bootstrap, String topic, int count, Duration bound) {
        return readUntil(bootstrap, topic, bound, records -> records.size() >= count);
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Per partition: the end offsets, useful to see that a topic holds nothing unexpected. */
    public static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    private static String summary(List<ConsumerRecord<String, String>> read) {
        return read.stream().limit(10).map(r -> r.key() + "=" + r.value()).toList() + (read.size() > 10 ? "…" : "");
    }
}
