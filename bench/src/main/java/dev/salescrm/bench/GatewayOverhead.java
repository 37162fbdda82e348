package dev.salescrm.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.salescrm.launcher.FreePorts;


/**
 * P1: {@code GET /api/leads/{id}} with a token — on lead-service directly, through our gateway, and through nginx
 * in front of the same service. Throughput at saturation ({@code bench.users} keep-alive connections, each
 * sending its next request when the answer arrives; the mean of two rounds, the second in reverse order), then p50/p99 at an open arrival rate of half the gateway's
 * saturation throughput, the same rate on all three paths so their latencies are compared at equal load.
 */
final class GatewayOverhead implements Bench.Scenario {

    static final String TITLE = "P1 gateway overhead: GET /api/leads/{id}";

    @Override
    public String title() {
        return TITLE;
    }

    @Override
    public void run(Context c) throws Exception {
        Options o = c.options;
        List<UUID> ids = c.api.createLeads(c.gatewayUrl(), c.api.token("alice"), "p1", 200);
        Path idsFile = c.lines("p1-lead-ids.txt", ids);

        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("direct", c.url("lead-service"));
        targets.put("gateway", c.gatewayUrl());
        Nginx nginx = null;
        var binary = Nginx.binary();
        if (binary.isPresent()) {
            int port = new FreePorts().next();
            nginx = Nginx.start(binary.get(), c.runDir.resolve("nginx"), port, c.config.port("lead-service"));
            targets.put("nginx", "http://127.0.0.1:" + port);
        } else {
            c.report.note(TITLE, "nginx is not installed: the nginx baseline is skipped (Debian: apt-get install nginx-light"
                    + " or nginx; it is run from /usr/sbin/nginx as a child process on a free port)");
        }
        try {
            // Every path warmed up first, then measured in two rounds, the second in reverse order (ABC CBA):
            // lead-service keeps warming up (JIT) across the runs, and run one after another the last path
            // measured profited most (nginx came out "faster than direct"). The mean of the two rounds cancels
            // a steady drift.
            for (var target : targets.entrySet()) {
                Map<String, String> p = Context.props("bench.target", target.getValue(), "bench.ids", idsFile,
                        "bench.model", "saturate", "bench.users", o.users(), "bench.seconds", o.warmupSeconds());
                c.gatling("GetLeadSimulation", "P1 warm-up " + target.getKey(), "alice", p);
            }
            List<String> order = new ArrayList<>(targets.keySet());
            Map<String, List<Stats>> rounds = new LinkedHashMap<>();
            for (int round = 1; round <= 2; round++) {
                for (String target : order) {
                    Map<String, String> p = Context.props("bench.target", targets.get(target), "bench.ids", idsFile,
                            "bench.model", "saturate", "bench.users", o.users(), "bench.seconds", o.seconds());
                    rounds.computeIfAbsent(target, t -> new ArrayList<>()).add(c.gatling("GetLeadSimulation",
                            "P1 saturation " + target + " round " + round, "alice", p).all());
                }
                Collections.reverse(order);
            }
            Map<String, Stats> saturated = new LinkedHashMap<>();
            rounds.forEach((target, runs) -> saturated.put(target, meanOf(runs)));
            double rate = Math.max(1, Math.floor(saturated.get("gateway").rps() / 2));
            Map<String, Stats> halfLoad = new LinkedHashMap<>();
            for (var target : targets.entrySet()) {
                halfLoad.put(target.getKey(), c.gatling("GetLeadSimulation",
                        "P1 at " + (int) rate + " per s " + target.getKey(), "alice",
                        Context.props("bench.target", target.getValue(), "bench.ids", idsFile, "bench.model", "rate",
                                "bench.rate", rate, "bench.seconds", o.seconds())).all());
            }

            Stats direct = saturated.get("direct");
            Stats gateway = saturated.get("gateway");
            double gatewayRatio = gateway.rps() / direct.rps();
            c.report.figure(TITLE, new Report.Figure("throughput at saturation, direct (" + o.users() + " connections)",
                    Report.perSecond(direct.rps()), "—", "1.00 ×", "baseline", errors(direct)));
            c.report.figure(TITLE, new Report.Figure("throughput at saturation, through the gateway",
                    Report.perSecond(gateway.rps()), "direct " + Report.perSecond(direct.rps()),
                    Report.ratio(gatewayRatio), "≥ 0.60 × (default stack 0.44 ×)",
                    Report.verdict(gatewayRatio >= 0.6, String.format("%.2f short of 0.60", 0.6 - gatewayRatio))
                            + errorsSuffix(gateway)));
            if (saturated.containsKey("nginx")) {
                Stats n = saturated.get("nginx");
                c.report.figure(TITLE, new Report.Figure("throughput at saturation, through nginx",
                        Report.perSecond(n.rps()), "direct " + Report.perSecond(direct.rps()), Report.ratio(n.rps() / direct.rps()),
                        "reference (default stack 0.89 ×)", "n/a" + errorsSuffix(n)));
                c.report.figure(TITLE, new Report.Figure("gateway throughput relative to nginx",
                        Report.perSecond(gateway.rps()), "nginx " + Report.perSecond(n.rps()),
                        Report.ratio(gateway.rps() / n.rps()), "—", "n/a"));
            }
            Stats d = halfLoad.get("direct");
            Stats g = halfLoad.get("gateway");
            c.report.figure(TITLE, new Report.Figure("p50 / p99 at " + (int) rate + "/s (half the gateway's saturation), direct",
                    d.p50() + " / " + d.p99() + " ms", "—", "—", "baseline", errors(d)));
            long addedP99 = g.p99() - d.p99();
            c.report.figure(TITLE, new Report.Figure("p50 / p99 at " + (int) rate + "/s, through the gateway",
                    g.p50() + " / " + g.p99() + " ms", "direct " + d.p50() + " / " + d.p99() + " ms",
                    "added p99 " + addedP99 + " ms", "added p99 ≤ 3 ms",
                    Report.verdict(addedP99 <= 3, (addedP99 - 3) + " ms over") + errorsSuffix(g)));
            if (halfLoad.containsKey("nginx")) {
                Stats n = halfLoad.get("nginx");
                c.report.figure(TITLE, new Report.Figure("p50 / p99 at " + (int) rate + "/s, through nginx",
                        n.p50() + " / " + n.p99() + " ms", "direct " + d.p50() + " / " + d.p99() + " ms",
                        "added p99 " + (n.p99() - d.p99()) + " ms", "reference", "n/a" + errorsSuffix(n)));
            }
            c.report.note(TITLE, "saturation: every path warmed up, then measured twice, in the order " + targets.keySet()
                    + " and back; the throughput is the mean of the two rounds (round one / round two: "
                    + rounds.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().stream()
                            .map(s -> Report.perSecond(s.rps())).toList()).toList() + ")");
            c.report.note(TITLE, "Gatling reports: " + rounds.values().stream().flatMap(List::stream)
                    .map(s -> c.runDir.relativize(s.report()).toString()).toList()
                    + " and " + halfLoad.values().stream().map(s -> c.runDir.relativize(s.report()).toString()).toList());
            c.loaded = true;
            c.report.note(TITLE, "latencies are Gatling's (whole milliseconds, client side, load generator on the same two cores)");
        } finally {
            if (nginx != null) {
                nginx.stop();
            }
        }
    }

    /** One figure for several runs of the same path: mean throughput, summed counts, the worse latencies. */
    static Stats meanOf(List<Stats> runs) {
        Stats first = runs.getFirst();
        return new Stats(first.name(), runs.stream().mapToLong(Stats::ok).sum(), runs.stream().mapToLong(Stats::ko).sum(),
                runs.stream().mapToDouble(Stats::rps).average().orElse(0),
                runs.stream().mapToLong(Stats::mean).max().orElse(0), runs.stream().mapToLong(Stats::p50).max().orElse(0),
                runs.stream().mapToLong(Stats::p75).max().orElse(0), runs.stream().mapToLong(Stats::p95).max().orElse(0),
                runs.stream().mapToLong(Stats::p99).max().orElse(0), runs.stream().mapToLong(Stats::max).max().orElse(0),
                first.report());
    }

    static String errors(Stats s) {
        return s.ko() == 0 ? "no errors" : s.ko() + " failed requests";
    }

    static String errorsSuffix(Stats s) {
        return s.ko() == 0 ? "" : "; " + s.ko() + " failed requests of " + (s.ok() + s.ko());
    }
}
