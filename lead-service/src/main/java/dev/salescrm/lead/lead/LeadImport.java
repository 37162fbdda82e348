package dev.salescrm.lead.lead;

import static dev.salescrm.platform.persistence.SqlValues.text;
import static dev.salescrm.platform.persistence.SqlValues.utc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.lead.lead.domain.Lead;
import dev.salescrm.lead.lead.domain.LeadDetails;
import dev.salescrm.lead.lead.domain.LeadSource;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.outbox.OutboxWriter;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.text.PhoneNormalizer;
import dev.salescrm.platform.web.InvalidRequestException;

/**
 * {@code POST /api/leads/import}: a CSV upload, read as it arrives and answered as it goes.
 *
 * <p>The body is parsed record by record ({@link CsvRecords}) and handled in batches of
 * {@value #BATCH} rows: each row is validated like {@code POST /api/leads}; a row that repeats an
 * earlier row's e-mail, phone or exact name + company is a duplicate within the file; the rest are
 * checked against the stored leads in one query per batch (the {@code crm.duplicates.*} rules); the
 * good rows are stored with one multi-row INSERT and their {@code crm.lead.created.v1} outbox rows
 * in one transaction per batch. Neither the file nor the report is ever held whole: the JSON answer
 * is written row by row, the summary last. What grows with the file is only the set of keys seen
 * (for the in-file duplicates).
 *
 * <p>Idempotency of its own (the platform's filter is excluded for this path because it buffers):
 * the job id is derived from (caller, Idempotency-Key), each lead id from (job, row number, row
 * text), and the INSERT is {@code ON CONFLICT (id) DO NOTHING}; a retried upload therefore creates
 * nothing new, writes no new events, and reports the same rows as created with the same ids.
 */
@Component
class LeadImport {

    static final int BATCH = 500;
    static final List<String> FIELDS = List.of("firstName", "lastName", "companyName", "jobTitle", "email", "phone",
            "website", "source", "topic", "description", "ownerId", "campaignId");

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RowResult(int row, String status, UUID leadId, List<InvalidRequestException.Violation> errors,
                     List<Duplicate> duplicates) {
    }

    /** A row on its way through: what was read, and what has been decided about it so far. */
    private static final class Row {
        final int row;
        final String raw;
        Lead lead;
        MatchKeys keys;
        RowResult result;

        Row(int row, String raw) {
            this.row = row;
            this.raw = raw;
        }
    }

    private final DatabaseClient db;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final Validator validator;
    private final PhoneNormalizer phones;
    private final DuplicateRules rules;
    private final JsonMapper json;

    LeadImport(DatabaseClient db, OutboxWriter outbox, TransactionalOperator tx, Validator validator,
               PhoneNormalizer phones, DuplicateRules rules, JsonMapper json) {
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
        this.validator = validator;
        this.phones = phones;
        this.rules = rules;
        this.json = json;
    }

    /** The JSON report as a stream of text pieces; an error before the first piece is a plain error response. */
    Flux<String> run(Flux<DataBuffer> body, String idempotencyKey, CurrentUser caller) {
        UUID job = idempotencyKey == null ? Ids.newId()
                : UUID.nameUUIDFromBytes(("lead-import\u0000" + caller.id() + "\u0000" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
        CsvRecords parser = new CsvRecords();
        Flux<CsvRecords.Line> records = body
                .concatMapIterable(buffer -> {
                    try {
                        return parser.feed(buffer);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .concatWith(Flux.defer(() -> Flux.fromIterable(parser.finish())))
                .onErrorMap(IllegalArgumentException.class, e -> new InvalidRequestException("body", e.getMessage()));

        InFile seen = new InFile();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger rowCount = new AtomicInteger();
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

        Flux<String> rows = records.switchOnFirst((first, all) -> {
            if (!first.hasValue()) {
                return first.hasError() ? Flux.error(first.getThrowable())
                        : Flux.error(new InvalidRequestException("body", "the file has no header row"));
            }
            List<String> header = first.get().fields();
            int[] columns = columns(header);
            return startJob(job, idempotencyKey, caller, startedAt)
                    .thenMany(all.skip(1))
                    .map(line -> read(new Row(rowCount.incrementAndGet(), String.join("\u001f", line.fields())),
                            line.fields(), columns, caller, job))
                    .map(row -> inFile(row, seen))
                    .buffer(BATCH)
                    .concatMap(batch -> store(batch, job, caller))
                    .concatMapIterable(batch -> batch)
                    .map(row -> {
                        switch (row.result.status()) {
                            case "created" -> created.incrementAndGet();
                            case "duplicate" -> duplicates.incrementAndGet();
                            default -> rejected.incrementAndGet();
                        }
                        return row.result;
                    });
        }).map(result -> json.writeValueAsString(result));

        AtomicInteger index = new AtomicInteger();
        return rows.map(piece -> (index.getAndIncrement() == 0 ? "{\"jobId\":\"" + job + "\",\"rows\":[" : ",") + piece)
                .concatWith(Mono.defer(() -> finishJob(job, rowCount.get(), created.get(), duplicates.get(), rejected.get())
                        .thenReturn((index.get() == 0 ? "{\"jobId\":\"" + job + "\",\"rows\":[" : "")
                                + "],\"created\":" + created.get() + ",\"duplicates\":" + duplicates.get()
                                + ",\"rejected\":" + rejected.get() + "}")));
    }

    private static int[] columns(List<String> header) {
        int[] columns = new int[FIELDS.size()];
        java.util.Arrays.fill(columns, -1);
        List<InvalidRequestException.Violation> errors = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            int f = -1;
            for (int j = 0; j < FIELDS.size(); j++) {
                if (FIELDS.get(j).equalsIgnoreCase(name)) {
                    f = j;
                }
            }
            if (f < 0) {
                errors.add(new InvalidRequestException.Violation("header[" + i + "]", "unknown column " + name
                        + "; the columns are " + String.join(", ", FIELDS)));
            } else if (columns[f] >= 0) {
                errors.add(new InvalidRequestException.Violation("header[" + i + "]", "column " + name + " appears twice"));
            } else {
                columns[f] = i;
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return columns;
    }

    /** Validates one row like POST /api/leads; a valid row gets its lead (with its derived id). */
    private Row read(Row row, List<String> fields, int[] columns, CurrentUser caller, UUID job) {
        Map<String, String> v = new HashMap<>();
        for (int f = 0; f < FIELDS.size(); f++) {
            int c = columns[f];
            String value = c >= 0 && c < fields.size() ? fields.get(c).strip() : null;
            v.put(FIELDS.get(f), value == null || value.isEmpty() ? null : value);
        }
        List<InvalidRequestException.Violation> errors = new ArrayList<>();
        LeadSource source = null;
        if (v.get("source") != null) {
            try {
                source = LeadSource.valueOf(v.get("source").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new InvalidRequestException.Violation("source", "unknown lead source " + v.get("source")));
            }
        }
        UUID campaignId = null;
        if (v.get("campaignId") != null) {
            try {
                campaignId = UUID.fromString(v.get("campaignId"));
            } catch (IllegalArgumentException e) {
                errors.add(new InvalidRequestException.Violation("campaignId", "must be a UUID"));
            }
        }
        var request = new LeadController.CreateLeadRequest(v.get("firstName"), v.get("lastName"), v.get("companyName"),
                v.get("jobTitle"), v.get("email"), v.get("phone"), v.get("website"), source, v.get("topic"),
                v.get("description"), v.get("ownerId"), campaignId);
        for (ConstraintViolation<?> violation : validator.validate(request)) {
            errors.add(new InvalidRequestException.Violation(violation.getPropertyPath().toString(), violation.getMessage()));
        }
        if (request.lastName() == null && request.companyName() == null) {
            errors.add(new InvalidRequestException.Violation("lastName", "a lead needs a last name or a company name"));
        }
        String owner = request.ownerId();
        if (LeadService.isRepOnly(caller)) {
            if (owner != null && !owner.equals(caller.id())) {
                errors.add(new InvalidRequestException.Violation("ownerId", "a sales rep may only create leads for themselves"));
            }
            owner = caller.id();
        }
        if (!errors.isEmpty()) {
            errors.sort(java.util.Comparator.comparing(InvalidRequestException.Violation::field));
            row.result = new RowResult(row.row, "rejected", null, List.copyOf(errors), null);
            return row;
        }
        LeadDetails details = new LeadDetails(request.firstName(), request.lastName(), request.companyName(),
                request.jobTitle(), request.email(), request.phone(), request.website(), source, request.topic(),
                request.description());
        UUID id = UUID.nameUUIDFromBytes((job + "\u0000" + row.row + "\u0000" + row.raw).getBytes(StandardCharsets.UTF_8));
        row.lead = Lead.open(id, details, owner, campaignId, caller.id(), Instant.now().truncatedTo(ChronoUnit.MICROS));
        row.keys = MatchKeys.of(details.firstName(), details.lastName(), details.companyName(), details.email(),
                details.phone(), phones);
        return row;
    }

    /** The keys of the rows before: an e-mail, a phone or an exact name + company seen again is a duplicate. */
    private static final class InFile {
        final Map<String, Integer> emails = new HashMap<>();
        final Map<String, Integer> phones = new HashMap<>();
        final Map<String, Integer> names = new HashMap<>();
    }

    private Row inFile(Row row, InFile seen) {
        if (row.result != null) {
            return row;
        }
        MatchKeys k = row.keys;
        Map<Integer, List<String>> matched = new LinkedHashMap<>();
        if (rules.email() && k.email() != null) {
            Integer before = seen.emails.putIfAbsent(k.email(), row.row);
            if (before != null) {
                matched.computeIfAbsent(before, r -> new ArrayList<>()).add("email");
            }
        }
        if (rules.phone() && k.phone() != null) {
            Integer before = seen.phones.putIfAbsent(k.phone(), row.row);
            if (before != null) {
                matched.computeIfAbsent(before, r -> new ArrayList<>()).add("phone");
            }
        }
        if (rules.nameCompany() && k.name() != null && k.company() != null) {
            Integer before = seen.names.putIfAbsent(k.name() + "\u0000" + k.company(), row.row);
            if (before != null) {
                matched.computeIfAbsent(before, r -> new ArrayList<>()).add("name+company");
            }
        }
        if (!matched.isEmpty()) {
            List<Duplicate> found = new ArrayList<>();
            matched.forEach((earlier, on) -> found.add(new Duplicate(null, "row:" + earlier, List.copyOf(on))));
            row.result = new RowResult(row.row, "duplicate", null, null, found);
        }
        return row;
    }

    /** Checks a batch against the stored leads, then stores the rest with their events, in one transaction. */
    private Mono<List<Row>> store(List<Row> batch, UUID job, CurrentUser caller) {
        List<Row> candidates = batch.stream().filter(r -> r.result == null).toList();
        if (candidates.isEmpty()) {
            return Mono.just(batch);
        }
        return duplicatesInDatabase(candidates, job, caller)
                .flatMap(found -> {
                    List<Row> toInsert = new ArrayList<>();
                    for (Row r : candidates) {
                        List<Duplicate> d = found.get(r.row);
                        if (d != null) {
                            r.result = new RowResult(r.row, "duplicate", null, null, d);
                        } else {
                            toInsert.add(r);
                        }
                    }
                    if (toInsert.isEmpty()) {
                        return Mono.just(batch);
                    }
                    // Read the RETURNING rows to the end before the next statement on this connection.
                    return insert(toInsert, job).collectList()
                            .flatMapMany(Flux::fromIterable)
                            .concatMap(id -> outbox.append(LeadEvents.created(byId(toInsert, id).lead, caller.id())))
                            .then(Mono.fromCallable(() -> {
                                for (Row r : toInsert) {
                                    r.result = new RowResult(r.row, "created", r.lead.id(), null, null);
                                }
                                return batch;
                            }))
                            .as(tx::transactional);
                });
    }

    private static Row byId(List<Row> rows, UUID id) {
        for (Row r : rows) {
            if (r.lead.id().equals(id)) {
                return r;
            }
        }
        throw new IllegalStateException("inserted an id that was not asked for: " + id);
    }

    /** One query for the whole batch: per row, the matching stored leads (not this job's own). */
    private Mono<Map<Integer, List<Duplicate>>> duplicatesInDatabase(List<Row> rows, UUID job, CurrentUser caller) {
        Integer[] ords = new Integer[rows.size()];
        String[] emails = new String[rows.size()];
        String[] phoneNumbers = new String[rows.size()];
        String[] names = new String[rows.size()];
        String[] companies = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            MatchKeys k = rows.get(i).keys;
            ords[i] = rows.get(i).row;
            emails[i] = rules.email() && k.email() != null ? k.email() : "";
            phoneNumbers[i] = rules.phone() && k.phone() != null ? k.phone() : "";
            names[i] = rules.nameCompany() && k.name() != null && k.company() != null ? k.name() : "";
            companies[i] = k.company() == null ? "" : k.company();
        }
        // Three simple joins, each served by its own index (b-tree on e-mail and phone, GIN trigram on
        // the name), rather than one OR that the planner would answer with a scan per row.
        String sql = """
                WITH k AS (
                    SELECT * FROM unnest(CAST(:ords AS int[]), CAST(:emails AS text[]), CAST(:phones AS text[]),
                                         CAST(:names AS text[]), CAST(:companies AS text[])) AS k(ord, email, phone, name, company)
                ), m AS (
                    SELECT k.ord, l.id, l.owner_id, TRUE AS e, FALSE AS p, FALSE AS n
                    FROM k JOIN lead l ON l.email_norm = k.email
                    WHERE k.email <> '' AND l.import_job_id IS DISTINCT FROM :job
                    UNION ALL
                    SELECT k.ord, l.id, l.owner_id, FALSE, TRUE, FALSE
                    FROM k JOIN lead l ON l.phone_norm = k.phone
                    WHERE k.phone <> '' AND l.import_job_id IS DISTINCT FROM :job
                    UNION ALL
                    SELECT k.ord, l.id, l.owner_id, FALSE, FALSE, TRUE
                    FROM k JOIN lead l ON l.name_norm % k.name
                    WHERE k.name <> '' AND similarity(l.name_norm, k.name) >= :threshold
                      AND similarity(l.company_norm, k.company) >= :threshold
                      AND l.import_job_id IS DISTINCT FROM :job
                )
                SELECT ord, id, owner_id, bool_or(e) AS by_email, bool_or(p) AS by_phone, bool_or(n) AS by_name
                FROM m GROUP BY ord, id, owner_id ORDER BY ord, id DESC
                """;
        boolean repOnly = LeadService.isRepOnly(caller);
        // Two settings for this one read-only transaction. A custom plan every time: the driver
        // prepares the statement, and after a few runs PostgreSQL's generic plan (which cannot see
        // the 500 keys) joined by scanning every lead per key — seconds per batch once the table
        // held 20,000 leads. And pg_trgm's % at our threshold rather than its own 0.3, so the index
        // does the filtering; the explicit similarity() tests stay, so the answer is the same.
        Mono<Void> settings = db.sql("SELECT set_config('plan_cache_mode', 'force_custom_plan', true), "
                        + "set_config('pg_trgm.similarity_threshold', :threshold, true)")
                .bind("threshold", Double.toString(rules.threshold())).then();
        Mono<Map<Integer, List<Duplicate>>> found = db.sql(sql).bind("ords", ords).bind("emails", emails).bind("phones", phoneNumbers)
                .bind("names", names).bind("companies", companies).bind("threshold", rules.threshold()).bind("job", job)
                .map(row -> {
                    List<String> on = new ArrayList<>(3);
                    if (Boolean.TRUE.equals(row.get("by_email", Boolean.class))) {
                        on.add("email");
                    }
                    if (Boolean.TRUE.equals(row.get("by_phone", Boolean.class))) {
                        on.add("phone");
                    }
                    if (Boolean.TRUE.equals(row.get("by_name", Boolean.class))) {
                        on.add("name+company");
                    }
                    String owner = row.get("owner_id", String.class);
                    boolean visible = !repOnly || owner == null || owner.equals(caller.id());
                    return Map.entry(row.get("ord", Integer.class),
                            new Duplicate(visible ? row.get("id", UUID.class) : null, "lead", List.copyOf(on)));
                })
                .all()
                .collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
                .map(multi -> {
                    Map<Integer, List<Duplicate>> out = new HashMap<>();
                    multi.forEach((k, v) -> out.put(k, List.copyOf(v)));
                    return out;
                });
        return settings.then(found).as(tx::transactional);
    }

    private static final String COLUMNS = "id, first_name, last_name, company_name, job_title, email, phone, website, "
            + "source, topic, description, owner_id, campaign_id, status, status_reason, version, created_at, created_by, "
            + "updated_at, name_norm, company_norm, email_norm, phone_norm, search_text, import_job_id";
    private static final int COLUMN_COUNT = 25;

    /** One multi-row INSERT; returns the ids stored now (a retried row's id is already there). */
    private Flux<UUID> insert(List<Row> rows, UUID job) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(java.util.Comparator.comparing(r -> r.lead.id()));
        StringBuilder sql = new StringBuilder("INSERT INTO lead (").append(COLUMNS).append(") VALUES ");
        for (int i = 0; i < sorted.size(); i++) {
            sql.append(i == 0 ? "(" : ",(");
            for (int c = 0; c < COLUMN_COUNT; c++) {
                sql.append(c == 0 ? "" : ",").append('$').append(i * COLUMN_COUNT + c + 1);
            }
            sql.append(')');
        }
        sql.append(" ON CONFLICT (id) DO NOTHING RETURNING id");
        // All values bound in one call: bind(index, value) copies the spec's bindings each time, which
        // made a 500-row batch (12,500 values) quadratic and the import CPU-bound on binding alone.
        List<Object> values = new ArrayList<>(sorted.size() * COLUMN_COUNT);
        for (Row r : sorted) {
            Lead l = r.lead;
            LeadDetails d = l.details();
            MatchKeys k = r.keys;
            Object[] row = {l.id(), text(d.firstName()), text(d.lastName()), text(d.companyName()),
                    text(d.jobTitle()), text(d.email()), text(d.phone()), text(d.website()),
                    text(d.source() == null ? null : d.source().name()), text(d.topic()), text(d.description()),
                    text(l.ownerId()), Parameter.fromOrEmpty(l.campaignId(), UUID.class), l.status().name(),
                    l.statusReason().name(), l.version(), utc(l.createdAt()), text(l.createdBy()), utc(l.updatedAt()),
                    text(k.name()), text(k.company()), text(k.email()), text(k.phone()), text(k.searchText()), job};
            values.addAll(java.util.Arrays.asList(row));
        }
        return db.sql(sql.toString()).bindValues(values).map(row -> row.get("id", UUID.class)).all();
    }

    private Mono<Void> startJob(UUID job, String key, CurrentUser caller, Instant at) {
        return db.sql("""
                        INSERT INTO import_job (id, scope, idempotency_key, started_at) VALUES (:id, :scope, :key, :at)
                        ON CONFLICT (id) DO UPDATE SET attempts = import_job.attempts + 1, started_at = EXCLUDED.started_at
                        """)
                .bind("id", job).bind("scope", caller.id()).bind("key", text(key)).bind("at", utc(at))
                .fetch().rowsUpdated().then();
    }

    private Mono<Void> finishJob(UUID job, int total, int created, int duplicates, int rejected) {
        return db.sql("""
                        UPDATE import_job SET finished_at = now(), rows_total = :total, created = :created,
                               duplicates = :duplicates, rejected = :rejected WHERE id = :id
                        """)
                .bind("id", job).bind("total", total).bind("created", created).bind("duplicates", duplicates)
                .bind("rejected", rejected).fetch().rowsUpdated().then();
    }

    static Set<String> fields() {
        return new HashSet<>(FIELDS);
    }
}
