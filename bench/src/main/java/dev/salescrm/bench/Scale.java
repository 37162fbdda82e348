package dev.salescrm.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * P5: lead-service with 1,000,000 leads. They are loaded straight into its database with SQL (INSERT … SELECT
 * generate_series), every column its queries and indexes use filled the way LeadRepository fills them — the
 * normalised search columns computed with the same SQL rules migration V3 uses to backfill them (lower case,
 * NFKC, Arabic → Persian letters, digits, phones folded to 98…) — with the secondary indexes dropped during the
 * load and rebuilt after it (their definitions read from pg_indexes, so they are exactly the migrations'), then
 * VACUUM ANALYZE. The same list/search run is made before the load (the few thousand leads of the earlier
 * scenarios) as the baseline, and after it.
 */
final class Scale implements Bench.Scenario {

    static final String TITLE = "P5 scale: list and search with 1,000,000 leads";
    /** Searches people type: a very common first name, a common surname, an e-mail, a phone, a company. */
    static final List<String> QUERIES = List.of("علی", "رضایی", "lead424242@", "09120424242", "شرکت تجارت 4242",
            "Omid Tehrani");

    @Override
    public String title() {
        return TITLE;
    }

    @Override
    public void run(Context c) throws Exception {
        Options o = c.options;
        String token = c.api.token("alice");
        c.api.createLeads(c.gatewayUrl(), token, "p5", 60);   // a table that is never empty, and alice's owner id
        var queries = c.lines("p5-queries.txt", QUERIES);

        GatlingRun.Result before = measure(c, "before the load", queries);
        long existing = (long) c.pg.number(c.leadDb(), "SELECT count(*) FROM lead");
        Instant loadStart = Instant.now();
        load(c, Math.max(0, o.scaleLeads() - existing));
        Duration loadTime = Duration.between(loadStart, Instant.now());
        long total = (long) c.pg.number(c.leadDb(), "SELECT count(*) FROM lead");
        GatlingRun.Result after = measure(c, "with " + total + " leads", queries);

        c.report.note(TITLE, String.format("%,d leads (%,d before the load); loaded and indexed in %d s", total, existing,
                loadTime.toSeconds()));
        row(c, "list: first page (limit 50)", before, after, "list: first page", 20);
        row(c, "list: deep page by cursor (10 %–99.9 % deep)", before, after, "list: deep page (cursor)", 20);
        long worst = 0;
        for (String q : QUERIES) {
            String name = "search q=" + q;
            Stats s = after.request(name);
            worst = Math.max(worst, s.p99());
            row(c, "search q=`" + q + "`", before, after, name, 50);
        }
        c.report.note(TITLE, "as maryam (sales manager: every lead visible); " + o.scaleUsers() + " concurrent users, each "
                + "reading the first page, a deep page and a search in turn for " + o.scaleSeconds() + " s; Gatling report "
                + c.runDir.relativize(after.all().report()) + " (baseline " + c.runDir.relativize(before.all().report()) + ")");
        c.report.note(TITLE, "worst search p99: " + worst + " ms");
    }

    private static void row(Context c, String what, GatlingRun.Result before, GatlingRun.Result after, String name,
                            long budgetMs) {
        Stats b = before.request(name);
        Stats a = after.request(name);
        c.report.figure(TITLE, new Report.Figure(what + ", p50 / p99", a.p50() + " / " + a.p99() + " ms",
                "before the load " + b.p50() + " / " + b.p99() + " ms",
                b.p99() > 0 ? Report.ratio((double) a.p99() / b.p99()) : "—", "p99 ≤ " + budgetMs + " ms",
                Report.verdict(a.p99() <= budgetMs, (a.p99() - budgetMs) + " ms over") + GatewayOverhead.errorsSuffix(a)));
    }

    private GatlingRun.Result measure(Context c, String label, java.nio.file.Path queries) {
        Options o = c.options;
        var cursors = c.lines("p5-cursors-" + GatlingRun.slug(label) + ".txt", deepCursors(c));
        Map<String, String> p = Context.props("bench.target", c.gatewayUrl(), "bench.cursors", cursors, "bench.queries",
                queries, "bench.model", "saturate", "bench.users", o.scaleUsers(), "bench.seconds", Math.min(5, o.warmupSeconds()));
        c.gatling("ListLeadsSimulation", "P5 warm-up " + label, "maryam", p);
        p.put("bench.seconds", String.valueOf(o.scaleSeconds()));
        return c.gatling("ListLeadsSimulation", "P5 " + label, "maryam", p);
    }

    /** Cursors at 10 %, 50 %, 90 % and 99.9 % of the list (newest first), encoded as the service encodes them. */
    private static List<String> deepCursors(Context c) {
        long count = (long) c.pg.number(c.leadDb(), "SELECT count(*) FROM lead");
        List<String> cursors = new ArrayList<>();
        for (double depth : new double[] {0.1, 0.5, 0.9, 0.999}) {
            long offset = Math.min(count - 1, (long) (count * depth));
            String id = c.pg.row(c.leadDb(), "SELECT id FROM lead ORDER BY id DESC OFFSET " + offset + " LIMIT 1").getFirst();
            // platform Cursor.encode(): the sort key(s), URL-encoded, comma-joined, base64url without padding
            cursors.add(Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8)));
        }
        return cursors;
    }

    /** The same normalisation migration V3 backfills with (SearchNormalizer / PhoneNormalizer in SQL). */
    private static final String NORMALISERS = """
            CREATE FUNCTION pg_temp.crm_norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
                SELECT nullif(btrim(regexp_replace(regexp_replace(
                    translate(lower(normalize(t, NFKC)), 'يىكڪةۀ۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩', 'ییککهه01234567890123456789'),
                    '[\\u0640\\u064B-\\u065F\\u0670\\u0610-\\u061A\\u200B-\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF\\u00AD]', '', 'g'),
                    '\\s+', ' ', 'g')), '')
            $$;
            CREATE FUNCTION pg_temp.crm_phone(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
                SELECT CASE
                    WHEN d IS NULL THEN NULL
                    WHEN btrim(t) LIKE '+%' THEN d
                    WHEN d LIKE '00%' THEN nullif(substr(d, 3), '')
                    WHEN d LIKE '0%' THEN '98' || substr(d, 2)
                    WHEN d LIKE '98%' AND length(d) > 10 THEN d
                    ELSE '98' || d END
                FROM (SELECT nullif(regexp_replace(translate(t, '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩', '01234567890123456789'), '[^0-9]', '', 'g'), '') AS d) x
            $$;
            """;

    /**
     * {@code rows} generated leads, older than every lead made through the API (ids are UUIDv7 of times 400 days
     * back, 25 ms apart), so the list's first page stays the newest real ones and deep pages reach into these.
     * Names mix Persian (with Arabic-keyboard variants such as ي) and English; a third each belong to alice, bob
     * and nobody; 80 % are open and new, 10 % contacted, 10 % disqualified.
     */
    private static void load(Context c, long rows) {
        if (rows <= 0) {
            return;
        }
        String alice = c.pg.row(c.leadDb(), "SELECT owner_id FROM lead WHERE owner_id IS NOT NULL LIMIT 1").getFirst();
        String bob = alice.replace("alice", "bob");
        List<List<String>> indexes = c.pg.rows(c.leadDb(), """
                SELECT indexname, indexdef FROM pg_indexes
                WHERE schemaname = 'public' AND tablename = 'lead' AND indexname <> 'lead_pkey'""");
        List<String> statements = new ArrayList<>();
        statements.add("SET maintenance_work_mem = '512MB'");
        statements.add("SET synchronous_commit = off");
        statements.add(NORMALISERS);
        for (List<String> index : indexes) {
            statements.add("DROP INDEX " + index.get(0));
        }
        statements.add("""
                INSERT INTO lead (id, first_name, last_name, company_name, job_title, email, phone, website, source, topic,
                                  owner_id, status, status_reason, version, created_at, created_by, updated_at,
                                  name_norm, company_norm, email_norm, phone_norm, search_text)
                SELECT id, first_name, last_name, company_name, job_title, email, phone, website, source, topic,
                       owner_id, status, status_reason, 1, made_at, coalesce(owner_id, 'mona'), made_at,
                       n.name_norm, n.company_norm, n.email_norm, n.phone_norm,
                       nullif(concat_ws(' | ', n.name_norm, n.company_norm, n.email_norm, n.phone_norm), '')
                FROM (
                    SELECT i, made_at,
                           (lpad(to_hex(ms), 12, '0') || '7' || substr(h, 1, 3) || '8' || substr(h, 4, 15))::uuid AS id,
                           (ARRAY['علی','علي','زهرا','محمد','فاطمه','رضا','مریم','حسین','Sara','Omid','Leila','Nima','John','Anna'])[1 + i %% 14] AS first_name,
                           (ARRAY['رضایی','احمدی','کریمی','حسینی','محمدی','موسوی','Moradi','Hosseini','Tehrani','Smith','Karimi'])[1 + (i / 14) %% 11] AS last_name,
                           'شرکت ' || (ARRAY['داده','پرداز','تجارت','صنایع','نوآوران','Pardis','Arya','Global'])[1 + i %% 8] || ' ' || (i %% 50000) AS company_name,
                           (ARRAY['مدیر فروش','CTO','مدیر عامل','Buyer',NULL])[1 + i %% 5] AS job_title,
                           'lead' || i || '@' || (ARRAY['example.ir','mail.example','bench.example'])[1 + i %% 3] AS email,
                           '0912' || lpad((i %% 10000000)::text, 7, '0') AS phone,
                           CASE WHEN i %% 4 = 0 THEN 'https://co' || (i %% 50000) || '.example' END AS website,
                           (ARRAY['WEB','TRADE_SHOW','IMPORT','PARTNER','SEMINAR','WORD_OF_MOUTH'])[1 + i %% 6] AS source,
                           CASE WHEN i %% 3 = 0 THEN 'استقرار CRM' END AS topic,
                           (ARRAY['%1$s','%2$s',NULL])[1 + i %% 3] AS owner_id,
                           CASE WHEN i %% 10 = 9 THEN 'DISQUALIFIED' ELSE 'OPEN' END AS status,
                           CASE WHEN i %% 10 = 9 THEN 'LOST' WHEN i %% 10 = 8 THEN 'CONTACTED' ELSE 'NEW' END AS status_reason
                    FROM (SELECT i, md5(i::text) AS h,
                                 (extract(epoch FROM now() - interval '400 days') * 1000)::bigint + i * 25 AS ms,
                                 now() - interval '400 days' + i * interval '25 milliseconds' AS made_at
                          FROM generate_series(1, %3$d) AS i) g
                ) l
                CROSS JOIN LATERAL (SELECT pg_temp.crm_norm(concat_ws(' ', l.first_name, l.last_name)) AS name_norm,
                                           pg_temp.crm_norm(l.company_name) AS company_norm,
                                           nullif(lower(btrim(l.email)), '') AS email_norm,
                                           pg_temp.crm_phone(l.phone) AS phone_norm) n
                """.formatted(alice, bob, rows));
        for (List<String> index : indexes) {
            statements.add(index.get(1));
        }
        statements.add("VACUUM ANALYZE lead");
        System.out.printf("  loading %,d leads with SQL (indexes %s dropped and rebuilt)%n", rows,
                indexes.stream().map(List::getFirst).toList());
        c.pg.execute(c.leadDb(), statements.toArray(String[]::new));
    }
}
