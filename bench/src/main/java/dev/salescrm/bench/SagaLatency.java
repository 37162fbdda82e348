package dev.salescrm.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.salescrm.launcher.SuiteConfig;

/**
 * P3: qualifications at a steady rate through the gateway; how long from the 202 until the lead's conversion is
 * COMPLETED (account, contact and opportunity made by the other services, their replies consumed), and the
 * outbox relay's commit → publish delay, both read from the services' own tables after the run:
 * <ul>
 *   <li>saga: {@code lead.conversion_settled_at - lead.conversion_requested_at}, both written by lead-service
 *       (one clock): requested when it accepts the qualification (the 202's transaction), settled when the last
 *       reply is applied;</li>
 *   <li>relay: {@code outbox.published_at - outbox.occurred_at} over every service's outbox rows written during
 *       the run: occurred_at is the writing transaction's start (now()), published_at the moment the relay marks
 *       the row after the broker acknowledged it (clock_timestamp()).</li>
 * </ul>
 * The baseline is the same saga on an idle suite: qualifications one at a time, each awaited.
 */
final class SagaLatency implements Bench.Scenario {

    static final String TITLE = "P3 saga latency: qualification → conversion COMPLETED";
    private static final int IDLE_SAMPLES = 15;
    private static final int SPARE = 50;
    private static final String QUALIFY = """
            {"account":{"create":true},"contact":{"create":true},\
            "opportunity":{"create":true,"name":"استقرار CRM","estimatedRevenue":{"amount":"1250000000","currency":"IRR"}}}""";

    @Override
    public String title() {
        return TITLE;
    }

    @Override
    public void run(Context c) throws Exception {
        Options o = c.options;
        int total = o.sagaRate() * o.sagaSeconds();
        String token = c.api.token("alice");
        System.out.println("  seeding " + (total + SPARE + IDLE_SAMPLES + 20) + " leads to qualify");
        List<UUID> leads = c.api.createLeads(c.gatewayUrl(), token, "p3", total + SPARE + IDLE_SAMPLES + 20);

        // Idle baseline (the first few also warm the saga's code paths in every service).
        List<UUID> idle = leads.subList(0, IDLE_SAMPLES + 20);
        for (UUID id : idle) {
            var reply = c.api.postWithRetries(c.gatewayUrl() + "/api/leads/" + id + "/qualify", token, QUALIFY);
            if (reply.status() != 202) {
                throw new IllegalStateException("qualify " + id + ": " + reply.status() + " " + reply.body());
            }
            awaitSettled(c, List.of(id), Duration.ofSeconds(60));
        }
        List<UUID> idleMeasured = idle.subList(20, idle.size());
        double[] idleSaga = sagaPercentiles(c, idleMeasured);

        // The steady load.
        List<UUID> loaded = leads.subList(idle.size(), leads.size());
        // A few more leads than arrivals: a queue feeder that runs dry stops the whole simulation.
        var idsFile = c.lines("p3-lead-ids.txt", loaded);
        Instant from = Instant.now();
        Stats accepted = c.gatling("QualifySimulation", "P3 " + o.sagaRate() + " qualifications per s", "alice",
                Context.props("bench.target", c.gatewayUrl(), "bench.ids", idsFile, "bench.model", "rate",
                        "bench.rate", o.sagaRate(), "bench.seconds", o.sagaSeconds())).all();
        Instant drainStart = Instant.now();
        boolean drained = awaitSettled(c, loaded, Duration.ofSeconds(120)) && awaitOutboxEmpty(c, Duration.ofSeconds(60));
        Duration drain = Duration.between(drainStart, Instant.now());

        double[] saga = sagaPercentiles(c, loaded);
        List<String> outcome = c.pg.row(c.leadDb(), """
                SELECT count(*) FILTER (WHERE conversion_status = 'COMPLETED'),
                       count(*) FILTER (WHERE conversion_status = 'PENDING'),
                       count(*) FILTER (WHERE conversion_status NOT IN ('COMPLETED', 'PENDING')),
                       count(*) FILTER (WHERE conversion_status IS NULL)
                FROM lead WHERE id IN (%s)""".formatted(inList(loaded)));
        // The spare leads were never offered: not qualified = offered − accepted.
        long completed = Long.parseLong(outcome.get(0));
        long pending = Long.parseLong(outcome.get(1));
        long other = Long.parseLong(outcome.get(2));

        double[] relay = relayPercentiles(c, from);
        long outboxPending = outboxPending(c);

        c.report.figure(TITLE, new Report.Figure("saga p50 / p99, idle (" + IDLE_SAMPLES + " one at a time)",
                Report.ms(idleSaga[0]) + " / " + Report.ms(idleSaga[1]), "—", "—", "baseline", "n/a"));
        c.report.figure(TITLE, new Report.Figure("saga p50 at " + o.sagaRate() + "/s for " + o.sagaSeconds() + " s",
                Report.ms(saga[0]), "idle p50 " + Report.ms(idleSaga[0]), Report.ratio(saga[0] / idleSaga[0]), "≤ 50 ms",
                Report.verdict(saga[0] <= 50, Report.ms(saga[0] - 50) + " over")));
        c.report.figure(TITLE, new Report.Figure("saga p99 at " + o.sagaRate() + "/s",
                Report.ms(saga[1]), "idle p99 " + Report.ms(idleSaga[1]), Report.ratio(saga[1] / idleSaga[1]), "≤ 250 ms",
                Report.verdict(saga[1] <= 250, Report.ms(saga[1] - 250) + " over")));
        c.report.figure(TITLE, new Report.Figure("relay commit → publish p50 / p99 (all five services' outboxes)",
                Report.ms(relay[0]) + " / " + Report.ms(relay[1]), "—", "—", "p99 ≤ 20 ms",
                Report.verdict(relay[1] <= 20, Report.ms(relay[1] - 20) + " over")));
        c.report.figure(TITLE, new Report.Figure("202 Accepted p50 / p99 (Gatling, through the gateway)",
                accepted.p50() + " / " + accepted.p99() + " ms", "—", "—", "—",
                accepted.ok() + " accepted" + GatewayOverhead.errorsSuffix(accepted)));
        c.report.figure(TITLE, new Report.Figure("left pending after the run",
                pending + " conversions, " + outboxPending + " outbox rows", "—", "—", "nothing pending",
                Report.verdict(pending == 0 && outboxPending == 0 && drained, "not drained within the bound")));
        c.report.note(TITLE, (accepted.ok() + accepted.ko()) + " qualifications sent, " + accepted.ok() + " accepted; "
                + completed + " conversions COMPLETED, " + other + " other outcomes, " + pending + " pending; drained "
                + drain.toMillis() + " ms after the last arrival; " + (long) relay[2] + " outbox rows in the relay figure");
        c.loaded = true;
        c.report.note(TITLE, "Gatling report: " + c.runDir.relativize(accepted.report()));
    }

    private static String inList(List<UUID> ids) {
        return ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
    }

    /** p50, p99 (ms) of settled − requested over these leads' settled conversions. */
    private static double[] sagaPercentiles(Context c, List<UUID> ids) {
        List<String> row = c.pg.row(c.leadDb(), """
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)
                FROM (SELECT extract(epoch FROM conversion_settled_at - conversion_requested_at) * 1000 AS ms
                      FROM lead WHERE id IN (%s) AND conversion_settled_at IS NOT NULL) t""".formatted(inList(ids)));
        return new double[] {parse(row.get(0)), parse(row.get(1))};
    }

    /** p50, p99 (ms) of published_at − occurred_at and the row count, over every service's outbox since {@code from}. */
    private static double[] relayPercentiles(Context c, Instant from) {
        // One database per service: collect the delays from each and combine them here.
        List<Double> delays = new java.util.ArrayList<>();
        for (String service : SuiteConfig.SERVICES) {
            for (List<String> r : c.pg.rows(c.config.databaseName(service), """
                    SELECT extract(epoch FROM published_at - occurred_at) * 1000 FROM outbox
                    WHERE occurred_at >= '%s' AND published_at IS NOT NULL""".formatted(from))) {
                delays.add(Double.parseDouble(r.getFirst()));
            }
        }
        if (delays.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN, 0};
        }
        delays.sort(null);
        return new double[] {percentile(delays, 0.5), percentile(delays, 0.99), delays.size()};
    }

    /** Linear interpolation between closest ranks, as PostgreSQL's percentile_cont. */
    static double percentile(List<Double> sorted, double p) {
        double rank = p * (sorted.size() - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (rank - lo);
    }

    private static long outboxPending(Context c) {
        long pending = 0;
        for (String service : SuiteConfig.SERVICES) {
            pending += (long) c.pg.number(c.config.databaseName(service), "SELECT count(*) FROM outbox WHERE published_at IS NULL");
        }
        return pending;
    }

    private static boolean awaitSettled(Context c, List<UUID> ids, Duration bound) {
        Instant deadline = Instant.now().plus(bound);
        String sql = "SELECT count(*) FROM lead WHERE id IN (" + inList(ids) + ") AND conversion_status = 'PENDING'";
        while (Instant.now().isBefore(deadline)) {
            if (c.pg.number(c.leadDb(), sql) == 0) {
                return true;
            }
            Context.sleep(ids.size() == 1 ? 10 : 250);
        }
        return false;
    }

    private static boolean awaitOutboxEmpty(Context c, Duration bound) {
        Instant deadline = Instant.now().plus(bound);
        while (Instant.now().isBefore(deadline)) {
            if (outboxPending(c) == 0) {
                return true;
            }
            Context.sleep(250);
        }
        return false;
    }

    private static double parse(String value) {
        return value == null ? Double.NaN : Double.parseDouble(value);
    }
}
