package dev.salescrm.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.salescrm.launcher.Database;

/**
 * P2: {@code POST /api/leads} through the gateway (validation, idempotency key, duplicate checks, the lead row and
 * its outbox row in one transaction) against PostgreSQL's own ceiling for the same two INSERTs: pgbench with a
 * custom script of those statements in one transaction, on a copy of lead-service's schema (same server, same
 * indexes and trigger), at the same client concurrency.
 */
final class WritePath implements Bench.Scenario {

    static final String TITLE = "P2 write path: POST /api/leads vs pgbench";

    @Override
    public String title() {
        return TITLE;
    }

    @Override
    public void run(Context c) throws Exception {
        Options o = c.options;
        // Direct (reference for the default stack's 0.28 ×) and through the gateway (the budget).
        Stats direct = createLeads(c, "direct", c.url("lead-service"));
        Stats gateway = createLeads(c, "gateway", c.gatewayUrl());

        Optional<Double> pgbenchTps = pgbench(c);
        c.report.figure(TITLE, new Report.Figure("POST /api/leads directly on lead-service (" + o.users() + " users)",
                Report.perSecond(direct.rps()), pgbenchTps.map(t -> "pgbench " + Report.perSecond(t)).orElse("—"),
                pgbenchTps.map(t -> Report.ratio(direct.rps() / t)).orElse("—"), "reference (default stack 0.28 ×)",
                GatewayOverhead.errors(direct)));
        String shortfall = pgbenchTps.map(t -> String.format("%.2f short of 0.25", 0.25 - gateway.rps() / t)).orElse("");
        c.report.figure(TITLE, new Report.Figure("POST /api/leads through the gateway (" + o.users() + " users)",
                Report.perSecond(gateway.rps()), pgbenchTps.map(t -> "pgbench " + Report.perSecond(t)).orElse("—"),
                pgbenchTps.map(t -> Report.ratio(gateway.rps() / t)).orElse("—"), "≥ 0.25 × (default stack 0.18 ×)",
                pgbenchTps.map(t -> Report.verdict(gateway.rps() / t >= 0.25, shortfall)).orElse("no baseline")
                        + GatewayOverhead.errorsSuffix(gateway)));
        c.report.figure(TITLE, new Report.Figure("POST latency p50 / p99 at saturation, direct → gateway",
                direct.p50() + " / " + direct.p99() + " → " + gateway.p50() + " / " + gateway.p99() + " ms", "—", "—", "—", "n/a"));
        c.loaded = true;
        c.report.note(TITLE, "Gatling reports: " + c.runDir.relativize(direct.report()) + ", "
                + c.runDir.relativize(gateway.report()));
    }

    private Stats createLeads(Context c, String name, String target) {
        Options o = c.options;
        Map<String, String> p = Context.props("bench.target", target, "bench.model", "saturate", "bench.users", o.users(),
                "bench.seconds", o.warmupSeconds(), "bench.run", "p2w" + name);
        c.gatling("CreateLeadSimulation", "P2 warm-up " + name, "alice", p);
        p.put("bench.seconds", String.valueOf(o.seconds()));
        p.put("bench.run", "p2" + name);
        return c.gatling("CreateLeadSimulation", "P2 saturation " + name, "alice", p).all();
    }

    /** pgbench's TPS for the two INSERTs, or empty (with a note) when pgbench or pg_dump is missing. */
    private Optional<Double> pgbench(Context c) throws Exception {
        Optional<Path> pgbench = Machine.which("pgbench");
        Optional<Path> pgDump = Machine.which("pg_dump");
        Optional<Path> psql = Machine.which("psql");
        if (pgbench.isEmpty() || pgDump.isEmpty() || psql.isEmpty()) {
            c.report.note(TITLE, "pgbench, pg_dump or psql is not installed: the pgbench baseline is skipped "
                    + "(Debian: apt-get install postgresql-contrib postgresql-client; pgbench ships with the server "
                    + "package postgresql-<version>)");
            return Optional.empty();
        }
        Database db = c.pg.database();
        String copy = c.config.dbPrefix() + "_pgbench";
        db.dropIfExists(copy);
        db.createIfMissing(copy);
        c.extraDatabases.add(copy);
        Path dir = c.runDir.resolve("pgbench");
        Files.createDirectories(dir);
        Path schema = dir.resolve("lead-schema.sql");
        run(dir.resolve("pg_dump.log"), pgDump.get().toString(), "--schema-only", "--no-owner", "-h", db.host(),
                "-p", String.valueOf(db.port()), "-U", db.user(), "-f", schema.toString(), c.leadDb());
        run(dir.resolve("psql.log"), psql.get().toString(), "-q", "-v", "ON_ERROR_STOP=1", "-h", db.host(), "-p",
                String.valueOf(db.port()), "-U", db.user(), "-d", copy, "-f", schema.toString());

        Path script = dir.resolve("lead-and-outbox.sql");
        Files.writeString(script, script(c));
        double warm = pgbenchTps(c, pgbench.get(), script, copy, Math.min(5, c.options.warmupSeconds()), dir.resolve("pgbench-warmup.log"));
        double tps = pgbenchTps(c, pgbench.get(), script, copy, c.options.seconds(), dir.resolve("pgbench.log"));
        System.out.printf("    pgbench: warm-up %.0f tps, measured %.0f tps%n", warm, tps);
        c.report.note(TITLE, "pgbench: `pgbench -n -M prepared -c " + c.options.users() + " -j 2 -T " + c.options.seconds()
                + " -f " + c.runDir.relativize(script) + "` on a schema-only copy of lead-service's database "
                + "(pg_dump --schema-only: same indexes, incl. the trigram GIN indexes, and the outbox NOTIFY trigger); "
                + "the outbox payload and headers are a real crm.lead.created.v1 row's");
        return Optional.of(tps);
    }

    private double pgbenchTps(Context c, Path pgbench, Path script, String database, int seconds, Path log)
            throws IOException, InterruptedException {
        Database db = c.pg.database();
        String out = run(log, pgbench.toString(), "-n", "-M", "prepared", "-c", String.valueOf(c.options.users()),
                "-j", "2", "-T", String.valueOf(seconds), "-f", script.toString(), "-h", db.host(), "-p",
                String.valueOf(db.port()), "-U", db.user(), database);
        Matcher m = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no tps in pgbench's output:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    /**
     * The two INSERTs lead-service makes for a new lead, in one transaction. The lead row fills the columns a
     * created lead has (names, company, e-mail, phone, source, owner, status, version, times and the normalised
     * search columns behind the trigram indexes); the outbox row carries a real crm.lead.created.v1 payload and
     * headers copied from lead-service's outbox, passed as base64 so pgbench's {@code :variable} syntax never
     * meets the colons in the JSON.
     */
    private String script(Context c) {
        List<String> sample = c.pg.row(c.leadDb(), """
                SELECT aggregatetype, type, topic, payload::text, headers::text FROM outbox
                WHERE type LIKE '%lead.created%' ORDER BY seq DESC LIMIT 1""");
        if (sample.isEmpty()) {
            throw new IllegalStateException("no crm.lead.created outbox row to copy: P2 creates leads first");
        }
        String owner = c.pg.row(c.leadDb(), "SELECT owner_id FROM lead WHERE owner_id IS NOT NULL LIMIT 1").getFirst();
        String payload = Base64.getEncoder().encodeToString(sample.get(3).getBytes(StandardCharsets.UTF_8));
        String headers = Base64.getEncoder().encodeToString(sample.get(4).getBytes(StandardCharsets.UTF_8));
        return """
                \\set n random(1, 2000000000)
                BEGIN;
                INSERT INTO lead (id, first_name, last_name, company_name, email, phone, source, owner_id, status, status_reason, version, created_at, created_by, updated_at, name_norm, company_norm, email_norm, phone_norm, search_text) VALUES (gen_random_uuid(), 'علی', 'رضایی pgb' || :n, 'شرکت pgb ' || :n, 'pgb-' || :n || '@bench.example', '0936' || lpad((:n %% 10000000)::text, 7, '0'), 'WEB', '%1$s', 'OPEN', 'NEW', 1, now(), '%1$s', now(), 'علی رضایی pgb' || :n, 'شرکت pgb ' || :n, 'pgb-' || :n || '@bench.example', '98936' || lpad((:n %% 10000000)::text, 7, '0'), concat_ws(' | ', 'علی رضایی pgb' || :n, 'شرکت pgb ' || :n, 'pgb-' || :n || '@bench.example', '98936' || lpad((:n %% 10000000)::text, 7, '0')));
                INSERT INTO outbox (id, aggregatetype, aggregateid, type, topic, payload, headers) VALUES (gen_random_uuid(), '%2$s', 'pgb-' || :n, '%3$s', '%4$s', convert_from(decode('%5$s', 'base64'), 'UTF8')::jsonb, convert_from(decode('%6$s', 'base64'), 'UTF8')::jsonb);
                END;
                """.formatted(owner, sample.get(0), sample.get(1), sample.get(2), payload, headers);
    }

    /** Runs a client tool with its output in {@code log}; fails with the output when it exits non-zero. */
    static String run(Path log, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(command[0] + " did not finish: " + log);
        }
        String out = Files.readString(log);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command[0] + " failed (exit " + p.exitValue() + "):\n" + out);
        }
        return out;
    }
}
