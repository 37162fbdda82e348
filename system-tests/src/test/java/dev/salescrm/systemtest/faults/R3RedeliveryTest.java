package dev.salescrm.systemtest.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.SuiteConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * R3 (issue #14): every topic replayed from offset 0 into every consumer group. The services are stopped (a
 * group's offsets can only be moved while it has no members), every group's committed offsets are set back to
 * the start of every partition, and the services are started again: they read everything they ever read a
 * second time. Every consumer is idempotent (inbox keyed by {@code ce_id}), so no row of any service's database
 * may change: each table's row count and the digest of all its rows (versions, timestamps, everything) are the
 * same before and after.
 */
@Tag("faults")
@ExtendWith(FaultSuite.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class R3RedeliveryTest {

    static final int QUALIFICATIONS = 100;

    @Test
    void replayingEveryTopicIntoEveryGroupChangesNoRecord(Suite suite) throws Exception {
        Ledger ledger = new Ledger(suite);
        // Something to replay even when R3 runs alone: a completed saga for 100 leads.
        SalesLoad load = new SalesLoad(suite, Duration.ofSeconds(10));
        Map<UUID, String> leads = load.importLeads("r3-" + UUID.randomUUID().toString().substring(0, 8),
                QUALIFICATIONS / SalesLoad.REPS.size());
        SalesLoad.Qualifications q = load.qualifyAll(leads, 6, Duration.ofMinutes(3), status -> false)
                .await(Duration.ofMinutes(4));
        assertThat(q.acknowledged).as(q.toString()).hasSize(QUALIFICATIONS);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ledger.conversions(leads.keySet()).completed() == QUALIFICATIONS);

        try (Admin admin = Admin.create(ledger.adminProperties())) {
            // Quiet first: nothing pending in any outbox, every group at the end of what it reads.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> ledger.pendingOutboxRows() == 0 && Ledger.consumerLag(admin) == 0);
            Map<String, String> before = ledger.snapshot();

            for (String service : SuiteConfig.SERVICES) {
                suite.stop(service);
            }
            long replayed = rewindEveryGroup(admin);
            Instant restarted = Instant.now();
            suite.up();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Ledger.consumerLag(admin) == 0 && ledger.pendingOutboxRows() == 0);
            Duration caughtUp = Duration.between(restarted, Instant.now());
            Map<String, String> after = ledger.snapshot();

            long rowsLost = 0;
            long rowsAdded = 0;
            List<String> changed = new ArrayList<>();
            for (String table : before.keySet()) {
                long rowsBefore = rows(before.get(table));
                long rowsAfter = after.containsKey(table) ? rows(after.get(table)) : 0;
                rowsLost += Math.max(0, rowsBefore - rowsAfter);
                rowsAdded += Math.max(0, rowsAfter - rowsBefore);
                if (!before.get(table).equals(after.get(table))) {
                    changed.add(table + ": " + before.get(table) + " → " + after.get(table));
                }
            }
            System.out.println("R3 replayed " + replayed + " records into " + Ledger.consumerGroups(admin).size() + " groups; caught up in "
                    + caughtUp.toSeconds() + " s; " + before.size() + " tables; changed: " + changed);
            FaultReport.record(new FaultReport.Row("R3 every topic replayed from offset 0 into every group",
                    replayed + " records redelivered", rowsLost, rowsAdded, 0,
                    before.size() + " tables compared (count + digest of every row): " + changed.size()
                            + " changed; caught up in " + caughtUp.toSeconds() + " s"));

            assertThat(replayed).as("records redelivered").isPositive();
            assertThat(changed).as("tables whose rows changed when every event was delivered again").isEmpty();
            assertThat(after).isEqualTo(before);
        }
    }

    private static long rows(String snapshot) {
        return Long.parseLong(snapshot.substring(0, snapshot.indexOf(' ')));
    }

    /** Sets every group's committed offsets back to the first offset of each partition; returns how many records
     *  that makes the groups read again. */
    private static long rewindEveryGroup(Admin admin) throws Exception {
        long replayed = 0;
        for (String group : Ledger.consumerGroups(admin)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            committed.keySet().forEach(p -> earliest.put(p, OffsetSpec.earliest()));
            var starts = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> rewound = new HashMap<>();
            for (var entry : committed.entrySet()) {
                if (entry.getValue() == null) {
                    continue;
                }
                long start = starts.get(entry.getKey()).offset();
                replayed += entry.getValue().offset() - start;
                rewound.put(entry.getKey(), new OffsetAndMetadata(start));
            }
            admin.alterConsumerGroupOffsets(group, rewound).all().get(30, TimeUnit.SECONDS);
        }
        return replayed;
    }
}
