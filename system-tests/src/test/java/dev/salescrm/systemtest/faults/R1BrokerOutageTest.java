package dev.salescrm.systemtest.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.SuiteConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * R1 (issue #14): the Kafka broker stops for 30 s in the middle of a stream of 1,000 qualifications and comes
 * back. The API never needed the broker to acknowledge a qualification (the outbox holds the events), so every
 * request is answered 202 without a 5xx; once the broker is back, every conversion completes with exactly one
 * account, contact and opportunity per lead, and every outbox row is on its topic.
 */
@Tag("faults")
@ExtendWith(FaultSuite.class)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class R1BrokerOutageTest {

    static final int QUALIFICATIONS = 1_000;
    static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void aBrokerOutageMidStreamLosesAndDoublesNothing(Suite suite) throws Exception {
        Ledger ledger = new Ledger(suite);
        // Records no outbox wrote and dead letters may come from other scenarios of this run: count only new ones.
        Ledger.Events baseline = ledger.events();
        SalesLoad load = new SalesLoad(suite, Duration.ofSeconds(10));
        Map<UUID, String> leads = load.importLeads("r1-" + UUID.randomUUID().toString().substring(0, 8),
                QUALIFICATIONS / SalesLoad.REPS.size());
        assertThat(leads).hasSize(QUALIFICATIONS);

        // No 5xx is legitimate here: nothing on the request path needs the broker.
        SalesLoad.Stream stream = load.qualifyAll(leads, 6, Duration.ofMinutes(8), status -> false);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> stream.result().done.get() >= QUALIFICATIONS / 5);
        int beforeOutage = stream.result().done.get();
        suite.stop(SuiteConfig.KAFKA);
        Instant stopped = Instant.now();
        // The fault itself lasts 30 s (the figure), whatever happens meanwhile: not a wait for a condition.
        Thread.sleep(OUTAGE.toMillis());
        int duringOutage = stream.result().done.get() - beforeOutage;
        suite.up();
        Duration down = Duration.between(stopped, Instant.now());
        SalesLoad.Qualifications q = stream.await(Duration.ofMinutes(9));
        System.out.println("R1 qualifications: " + q + "; " + duringOutage + " answered while the broker was down ("
                + down.toSeconds() + " s)");

        Instant recovering = Instant.now();
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2))
                .until(() -> ledger.conversions(leads.keySet()).completed() == QUALIFICATIONS);
        Duration settled = Duration.between(recovering, Instant.now());
        Ledger.Conversions conversions = ledger.conversions(leads.keySet());
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ledger.pendingOutboxRows() == 0);
        Ledger.Events events = ledger.events();
        System.out.println("R1 conversions: " + conversions + "\nR1 events: " + events);

        long lost = conversions.lost() + (QUALIFICATIONS - conversions.completed()) + events.missing()
                + events.unpublished() + q.unacknowledged.size();
        FaultReport.record(new FaultReport.Row("R1 Kafka broker stopped " + OUTAGE.toSeconds() + " s",
                QUALIFICATIONS + " qualifications", lost, conversions.doubled(), q.unexpected5xx.get(),
                duringOutage + " answered during the outage; all COMPLETED " + settled.toSeconds()
                        + " s after the stream; " + events.outboxRows() + " outbox rows = topics, "
                        + events.redelivered() + " redelivered ce_id, " + q.hung() + " hung"));

        assertThat(q.unexpected).as("unexpected answers").isEmpty();
        assertThat(q.unacknowledged).as("qualifications never acknowledged").isEmpty();
        assertThat(q.hung()).as("requests with no answer within 10 s").isZero();
        assertThat(q.qualified()).hasSize(QUALIFICATIONS);
        Ledger.assertEverySagaCompletedOnce(QUALIFICATIONS, conversions, events, baseline);
    }
}
