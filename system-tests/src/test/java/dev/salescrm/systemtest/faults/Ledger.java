package dev.salescrm.systemtest.faults;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.SuiteConfig;

/**
 * What does exist, counted behind the API's back: each service's own database read over JDBC, each topic
 * read from offset 0 with a plain Kafka consumer. The scenarios compare it with what should exist (the leads
 * they qualified and saw acknowledged), never with what the services say about themselves.
 */
final class Ledger {

    /**
     * The exact counts a saga scenario ends with: {@code expected} conversions completed, with exactly one
     * account, contact and opportunity each, none lost or doubled; every outbox row on its topic and published;
     * no record that no outbox wrote and no dead letter beyond those {@code baseline} counted before the fault.
     */
    static void assertEverySagaCompletedOnce(int expected, Conversions conversions, Events events, Events baseline) {
        org.assertj.core.api.Assertions.assertThat(conversions.completed()).isEqualTo(expected);
        org.assertj.core.api.Assertions.assertThat(conversions.accounts()).isEqualTo(expected);
        org.assertj.core.api.Assertions.assertThat(conversions.contacts()).isEqualTo(expected);
        org.assertj.core.api.Assertions.assertThat(conversions.opportunities()).isEqualTo(expected);
        org.assertj.core.api.Assertions.assertThat(conversions.lost()).isZero();
        org.assertj.core.api.Assertions.assertThat(conversions.doubled()).isZero();
        org.assertj.core.api.Assertions.assertThat(events.missing()).as(events.toString()).isZero();
        org.assertj.core.api.Assertions.assertThat(events.unpublished()).as(events.toString()).isZero();
        org.assertj.core.api.Assertions.assertThat(events.unknown() - baseline.unknown()).as(events.toString()).isZero();
        org.assertj.core.api.Assertions.assertThat(events.deadLetters() - baseline.deadLetters()).as(events.toString())
                .isZero();
    }

    /** The saga's services, whose outboxes feed the topics the qualification runs on. */
    static final List<String> SERVICES = SuiteConfig.SERVICES;

    private final Suite suite;

    Ledger(Suite suite) {
        this.suite = suite;
    }

    // ---------------------------------------------------------------------------------- conversions

    /**
     * The records of a set of qualified leads. {@code lost} counts the leads lacking a record they should
     * have (no account, contact or opportunity, or a conversion not COMPLETED); {@code doubled} counts records
     * beyond the one each lead should have.
     */
    record Conversions(int leads, long completed, long accounts, long contacts, long opportunities,
                       long leadsMissingARecord, long doubled) {

        long lost() {
            return leadsMissingARecord;
        }

        @Override
        public String toString() {
            return leads + " leads: " + completed + " COMPLETED, " + accounts + " accounts, " + contacts
                    + " contacts, " + opportunities + " opportunities, " + leadsMissingARecord
                    + " leads missing a record, " + doubled + " doubled";
        }
    }

    Conversions conversions(Collection<UUID> leadIds) {
        UUID[] ids = leadIds.toArray(UUID[]::new);
        long completed = count("lead-service",
                "SELECT count(*) FROM lead WHERE id = ANY(?) AND conversion_status = 'COMPLETED'", (Object) ids);
        Map<UUID, Long> accounts = perLead("account-service", "account", ids);
        Map<UUID, Long> contacts = perLead("account-service", "contact", ids);
        Map<UUID, Long> opportunities = perLead("opportunity-service", "opportunity", ids);
        long missing = 0;
        long doubled = 0;
        for (UUID lead : leadIds) {
            long a = accounts.getOrDefault(lead, 0L);
            long c = contacts.getOrDefault(lead, 0L);
            long o = opportunities.getOrDefault(lead, 0L);
            if (a == 0 || c == 0 || o == 0) {
                missing++;
            }
            doubled += Math.max(0, a - 1) + Math.max(0, c - 1) + Math.max(0, o - 1);
        }
        return new Conversions(ids.length, completed, sum(accounts), sum(contacts), sum(opportunities), missing,
                doubled);
    }

    private Map<UUID, Long> perLead(String service, String table, UUID[] leads) {
        Map<UUID, Long> counts = new HashMap<>();
        query(service, "SELECT source_lead_id, count(*) FROM " + table + " WHERE source_lead_id = ANY(?)"
                + " GROUP BY source_lead_id", rs -> counts.put(rs.getObject(1, UUID.class), rs.getLong(2)), (Object) leads);
        return counts;
    }

    private static long sum(Map<UUID, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    // ------------------------------------------------------------------------------------- events

    /**
     * Outbox rows against topic records, over every service and every topic. {@code missing}: committed
     * outbox rows no topic carries (lost events); {@code unpublished}: rows still pending; {@code unknown}:
     * records whose {@code ce_id} no outbox row has; {@code redelivered}: extra copies of a {@code ce_id}
     * (at-least-once publishing may repeat one after a crash between send and commit; consumers deduplicate
     * on it, so it is reported, not a loss); {@code deadLetters}: records on a {@code .dlt} topic.
     */
    record Events(long outboxRows, long topicRecords, long missing, long unpublished, long unknown,
                  long redelivered, long deadLetters, List<String> examples) {

        @Override
        public String toString() {
            return outboxRows + " outbox rows, " + topicRecords + " topic records: " + missing + " missing, "
                    + unpublished + " unpublished, " + unknown + " unknown, " + redelivered + " redelivered, "
                    + deadLetters + " dead letters" + (examples.isEmpty() ? "" : " e.g. " + examples);
        }
    }

    Events events() {
        Map<String, String> outbox = new HashMap<>(); // id -> topic
        long unpublished = 0;
        for (String service : SERVICES) {
            List<String[]> rows = new ArrayList<>();
            query(service, "SELECT id::text, topic, published_at IS NULL FROM outbox",
                    rs -> rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getBoolean(3) ? "pending" : ""}));
            for (String[] row : rows) {
                outbox.put(row[0], row[1]);
                if (!row[2].isEmpty()) {
                    unpublished++;
                }
            }
        }
        Map<String, Integer> copies = new HashMap<>();
        Map<String, String> topicOf = new HashMap<>();
        long records = 0;
        long deadLetters = 0;
        for (String topic : topics()) {
            for (ConsumerRecord<String, String> record : readAll(topic)) {
                if (topic.endsWith(".dlt")) {
                    deadLetters++;
                    continue;
                }
                records++;
                String id = header(record, "ce_id");
                copies.merge(String.valueOf(id), 1, Integer::sum);
                topicOf.put(String.valueOf(id), topic);
            }
        }
        long missing = 0;
        long unknown = 0;
        long redelivered = 0;
        List<String> examples = new ArrayList<>();
        for (var row : outbox.entrySet()) {
            if (!row.getValue().equals(topicOf.get(row.getKey()))) {
                missing++;
                if (examples.size() < 5) {
                    examples.add("missing " + row.getKey() + " on " + row.getValue());
                }
            }
        }
        for (var copy : copies.entrySet()) {
            if (!outbox.containsKey(copy.getKey())) {
                unknown += copy.getValue();
                if (examples.size() < 10) {
                    examples.add("unknown " + copy.getKey() + " on " + topicOf.get(copy.getKey()));
                }
            }
            redelivered += copy.getValue() - 1;
        }
        return new Events(outbox.size(), records, missing, unpublished, unknown, redelivered, deadLetters, examples);
    }

    /** Outbox rows not yet acknowledged by Kafka, over every service. */
    long pendingOutboxRows() {
        long pending = 0;
        for (String service : SERVICES) {
            pending += count(service, "SELECT count(*) FROM outbox WHERE published_at IS NULL");
        }
        return pending;
    }

    /** Every topic of the suite (the broker's internal ones aside). */
    Set<String> topics() {
        try (Admin admin = Admin.create(adminProperties())) {
            Set<String> topics = new HashSet<>(admin.listTopics().names().get());
            topics.removeIf(t -> t.startsWith("__"));
            return topics;
        } catch (Exception e) {
            throw new IllegalStateException("cannot list topics", e);
        }
    }

    /** Every consumer group the broker knows. */
    static List<String> consumerGroups(Admin admin) throws Exception {
        List<String> groups = new ArrayList<>();
        for (ConsumerGroupListing listing : admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS)) {
            groups.add(listing.groupId());
        }
        return groups;
    }

    /**
     * Records not yet consumed, summed over every group and every partition it has committed on or is
     * assigned: a partition a group has never committed on (its first record is still on its way) counts from
     * the partition's first offset, so "no lag" also means a group's first event has arrived.
     */
    static long consumerLag(Admin admin) throws Exception {
        long lag = 0;
        for (String group : consumerGroups(admin)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Set<TopicPartition> partitions = new HashSet<>(committed.keySet());
            admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group).members()
                    .forEach(member -> partitions.addAll(member.assignment().topicPartitions()));
            if (partitions.isEmpty()) {
                continue;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            partitions.forEach(p -> {
                latest.put(p, OffsetSpec.latest());
                earliest.put(p, OffsetSpec.earliest());
            });
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            var starts = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata done = committed.get(partition);
                long from = done != null ? done.offset() : starts.get(partition).offset();
                lag += ends.get(partition).offset() - from;
            }
        }
        return lag;
    }

    Properties adminProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, suite.config().kafkaBootstrap());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return props;
    }

    /** A topic from offset 0 to the end of every partition as it is now (committed records only). */
    List<ConsumerRecord<String, String>> readAll(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, suite.config().kafkaBootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end in 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    // ----------------------------------------------------------------------------------- snapshots

    /**
     * Every table of every service as (row count, digest of all rows' text): any changed, added or removed row,
     * a bumped version or a touched timestamp, changes the digest. Flyway's histories are left out.
     */
    Map<String, String> snapshot() {
        Map<String, String> tables = new TreeMap<>();
        for (String service : SERVICES) {
            List<String> names = new ArrayList<>();
            query(service, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    + " AND tablename NOT LIKE '%schema_history' ORDER BY tablename", rs -> names.add(rs.getString(1)));
            for (String table : names) {
                query(service, "SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') FROM \""
                        + table + "\" t", rs -> tables.put(service + "." + table, rs.getLong(1) + " rows " + rs.getString(2)));
            }
        }
        return tables;
    }

    // ----------------------------------------------------------------------------------------- sql

    long count(String service, String sql, Object... parameters) {
        long[] value = new long[1];
        query(service, sql, rs -> value[0] = rs.getLong(1), parameters);
        return value[0];
    }

    interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    void query(String service, String sql, RowHandler handler, Object... parameters) {
        try (Connection c = connect(service); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] instanceof UUID[] uuids) {
                    s.setArray(i + 1, c.createArrayOf("uuid", uuids));
                } else {
                    s.setObject(i + 1, parameters[i]);
                }
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(service + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs a statement on the server's maintenance database (e.g. reading pg_stat_activity). */
    void onServer(String sql, RowHandler handler) {
        try (Connection c = suite.currentDatabase().orElseThrow().connect("postgres");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                handler.row(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private Connection connect(String service) throws SQLException {
        return suite.currentDatabase().orElseThrow(() -> new IllegalStateException("no database answers"))
                .connect(suite.config().databaseName(service));
    }
}
