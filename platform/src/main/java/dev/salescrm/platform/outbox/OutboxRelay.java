package dev.salescrm.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Wrapped;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.platform.events.CloudEventHeaders;

/**
 * Publishes committed outbox rows to Kafka: at least once, in commit order per aggregate, safe to
 * run in several replicas at once.
 *
 * <p>How:
 * <ul>
 *   <li>Each round claims, in one transaction, only the <em>oldest pending row of each
 *       aggregate</em>, with {@code FOR UPDATE SKIP LOCKED}. A second relay skips rows the first
 *       holds, and cannot take a later row of the same aggregate while an earlier one is still
 *       pending — so one aggregate's events are never reordered, whatever the number of relays.</li>
 *   <li>It sends the claimed rows (key = aggregate id, CloudEvents headers), waits for the
 *       broker's acknowledgements ({@code acks=all}, idempotent producer), marks the acknowledged
 *       rows published and commits. A row whose send failed stays pending and is retried; a crash
 *       between send and commit republishes it with the same {@code ce_id}, which consumers
 *       deduplicate.</li>
 *   <li>It is woken by PostgreSQL {@code NOTIFY} at commit (a dedicated connection outside the
 *       pool, re-established when lost) and, as a fallback, polls.</li>
 *   <li>Published rows are purged after {@code crm.outbox.retention}.</li>
 * </ul>
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    static final String CHANNEL = "crm_outbox";

    private static final String CLAIM_AGGREGATE_HEADS = """
            SELECT o.id, o.aggregateid, o.type, o.topic, o.payload::text AS payload,
                   o.headers::text AS headers, o.occurred_at
            FROM outbox o
            WHERE o.published_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM outbox earlier
                              WHERE earlier.aggregatetype = o.aggregatetype
                                AND earlier.aggregateid = o.aggregateid
                                AND earlier.published_at IS NULL
                                AND earlier.seq < o.seq)
            ORDER BY o.seq
            LIMIT :limit
            FOR UPDATE OF o SKIP LOCKED
            """;
    // clock_timestamp(), not now(): claim, send and mark share one transaction, and now() is its start, i.e.
    // before the broker was even asked. published_at is when the broker had acknowledged the row, so
    // published_at - occurred_at is the row's real commit-to-publish delay (what ./crm bench P3 reports).
    private static final String MARK_PUBLISHED =
            "UPDATE outbox SET published_at = clock_timestamp() WHERE id = ANY(CAST(:ids AS uuid[]))";
    private static final String MARK_FAILED =
            "UPDATE outbox SET attempts = attempts + 1, last_error = :error WHERE id = ANY(CAST(:ids AS uuid[]))";
    private static final String PURGE = """
            DELETE FROM outbox WHERE id IN (
                SELECT id FROM outbox WHERE published_at < :cutoff ORDER BY published_at LIMIT 10000)
            """;
    private static final String MEASURE = """
            SELECT count(*) AS pending,
                   COALESCE(EXTRACT(EPOCH FROM now() - min(occurred_at)), 0)::float8 AS oldest_age
            FROM outbox WHERE published_at IS NULL
            """;

    private final DatabaseClient db;
    private final ConnectionFactory connectionFactory;
    private final TransactionalOperator tx;
    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final OutboxProperties properties;
    private final String source;

    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final Counter published;
    private final Counter failures;
    private final Timer publishLatency;

    private volatile Disposable running;

    public OutboxRelay(DatabaseClient db, ConnectionFactory connectionFactory, TransactionalOperator tx,
                       KafkaTemplate<String, String> kafka, JsonMapper json, OutboxProperties properties,
                       String source, MeterRegistry meters) {
        this.db = db;
        this.connectionFactory = connectionFactory;
        this.tx = tx;
        this.kafka = kafka;
        this.json = json;
        this.properties = properties;
        this.source = source;
        Gauge.builder("crm.outbox.pending", pending, AtomicLong::get)
                .description("outbox rows committed but not yet acknowledged by Kafka").register(meters);
        Gauge.builder("crm.outbox.oldest.age", oldestAgeMillis, v -> v.get() / 1000.0)
                .baseUnit("seconds").description("age of the oldest pending outbox row").register(meters);
        this.published = Counter.builder("crm.outbox.published").register(meters);
        this.failures = Counter.builder("crm.outbox.publish.failures").register(meters);
        this.publishLatency = Timer.builder("crm.outbox.publish.latency")
                .description("from the state change to the broker's acknowledgement")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    @Override
    public void start() {
        Flux<Object> wakeUps = Flux.merge(notifications(), Flux.interval(Duration.ZERO, properties.pollInterval()));
        Disposable relaying = wakeUps
                .onBackpressureLatest()
                .concatMap(wakeUp -> drain(), 1)
                .subscribe();
        Disposable purging = Flux.interval(properties.purgeInterval(), properties.purgeInterval())
                .onBackpressureDrop()
                .concatMap(tick -> purge(OffsetDateTime.now(ZoneOffset.UTC).minus(properties.retention()))
                        .onErrorResume(e -> {
                            log.warn("outbox purge failed, will try again: {}", e.toString());
                            return Mono.empty();
                        }), 1)
                .subscribe();
        Disposable measuring = Flux.interval(Duration.ZERO, properties.metricsInterval())
                .onBackpressureDrop()
                .concatMap(tick -> measure().onErrorResume(e -> Mono.empty()), 1)
                .subscribe();
        running = Disposables.composite(relaying, purging, measuring);
        log.info("outbox relay started (poll every {}, batch {})", properties.pollInterval(), properties.batchSize());
    }

    @Override
    public void stop() {
        Disposable r = running;
        running = null;
        if (r != null) {
            r.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    @Override
    public boolean isAutoStartup() {
        return properties.relayEnabled();
    }

    // ---- relaying ------------------------------------------------------------------------------

    /** Relays until nothing is pending or a send fails (then the next wake-up tries again). */
    public Mono<Void> drain() {
        return Mono.defer(this::relayOneRound)
                .repeat()
                .takeUntil(round -> round.claimed() == 0 || round.failed() > 0)
                .then()
                .onErrorResume(e -> {
                    log.warn("outbox relay round failed, rows stay pending: {}", e.toString());
                    return Mono.empty();
                });
    }

    record Round(int claimed, int failed) {
    }

    private record PendingRow(String id, String aggregateId, String type, String topic, String payload,
                              String headers, OffsetDateTime occurredAt) {
    }

    private record Outcome(PendingRow row, Throwable error) {
    }

    Mono<Round> relayOneRound() {
        return db.sql(CLAIM_AGGREGATE_HEADS)
                .bind("limit", properties.batchSize())
                .map(OutboxRelay::pendingRow)
                .all()
                .collectList()
                .flatMap(rows -> rows.isEmpty() ? Mono.just(new Round(0, 0)) : publishAndMark(rows))
                .as(tx::transactional);
    }

    private Mono<Round> publishAndMark(List<PendingRow> rows) {
        return send(rows).flatMap(outcomes -> {
            List<String> ok = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            String firstError = null;
            for (Outcome outcome : outcomes) {
                if (outcome.error() == null) {
                    ok.add(outcome.row().id());
                    publishLatency.record(Duration.between(outcome.row().occurredAt(), OffsetDateTime.now()));
                } else {
                    failed.add(outcome.row().id());
                    if (firstError == null) {
                        firstError = String.valueOf(outcome.error());
                    }
                }
            }
            published.increment(ok.size());
            failures.increment(failed.size());
            if (!failed.isEmpty()) {
                log.warn("{} outbox rows not acknowledged by Kafka, will retry: {}", failed.size(), firstError);
            }
            Mono<Long> markOk = ok.isEmpty() ? Mono.just(0L)
                    : db.sql(MARK_PUBLISHED).bind("ids", ok.toArray(String[]::new)).fetch().rowsUpdated();
            Mono<Long> markFailed = failed.isEmpty() ? Mono.just(0L)
                    : db.sql(MARK_FAILED).bind("ids", failed.toArray(String[]::new))
                            .bind("error", truncate(firstError)).fetch().rowsUpdated();
            return markOk.then(markFailed).thenReturn(new Round(rows.size(), failed.size()));
        });
    }

    /**
     * Sends every row and waits for each acknowledgement. {@code KafkaTemplate.send} can block
     * (up to {@code max.block.ms}) while the broker is unreachable, so sending happens off the
     * event loop; once one send cannot even be handed to the producer, the rest of the batch is
     * not attempted.
     */
    private Mono<List<Outcome>> send(List<PendingRow> rows) {
        return Mono.fromCallable(() -> {
                    List<CompletableFuture<Outcome>> acks = new ArrayList<>(rows.size());
                    Throwable unsendable = null;
                    for (PendingRow row : rows) {
                        if (unsendable != null) {
                            acks.add(CompletableFuture.completedFuture(new Outcome(row, unsendable)));
                            continue;
                        }
                        try {
                            acks.add(kafka.send(toRecord(row))
                                    .handle((result, error) -> new Outcome(row, error)));
                        } catch (RuntimeException e) {
                            unsendable = e;
                            acks.add(CompletableFuture.completedFuture(new Outcome(row, e)));
                        }
                    }
                    return acks;
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(acks -> Mono.fromFuture(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
                        .then(Mono.fromCallable(() -> acks.stream().map(CompletableFuture::join).toList())))
                .timeout(properties.sendTimeout());
    }

    private ProducerRecord<String, String> toRecord(PendingRow row) {
        ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.aggregateId(), row.payload());
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(record, CloudEventHeaders.ID, row.id());
        header(record, CloudEventHeaders.SOURCE, source);
        header(record, CloudEventHeaders.TYPE, row.type());
        header(record, CloudEventHeaders.SUBJECT, row.aggregateId());
        header(record, CloudEventHeaders.TIME,
                row.occurredAt().withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        Map<String, String> extra = json.readValue(row.headers(), new TypeReference<Map<String, String>>() { });
        extra.forEach((name, value) -> header(record, name, value));
        return record;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().remove(name);
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static PendingRow pendingRow(Readable row) {
        return new PendingRow(String.valueOf(row.get("id")), row.get("aggregateid", String.class),
                row.get("type", String.class), row.get("topic", String.class), row.get("payload", String.class),
                row.get("headers", String.class), row.get("occurred_at", OffsetDateTime.class));
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
    }

    // ---- wake-ups, purge, metrics --------------------------------------------------------------

    /**
     * NOTIFY wake-ups from a dedicated connection (LISTEN cannot share pooled connections). When
     * the connection is lost it is re-established after a pause; polling covers the gap.
     */
    Flux<Object> notifications() {
        ConnectionFactory raw = connectionFactory;
        while (raw instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof ConnectionFactory inner) {
            raw = inner;
        }
        ConnectionFactory direct = raw;
        return Flux.usingWhen(Mono.from(direct.create()),
                        connection -> listen(connection),
                        connection -> Mono.from(connection.close()))
                .onErrorResume(e -> {
                    log.debug("outbox LISTEN connection lost: {}", e.toString());
                    return Mono.empty();
                })
                .repeatWhen(completed -> completed.delayElements(Duration.ofSeconds(2)));
    }

    private static Flux<Object> listen(Connection connection) {
        if (!(connection instanceof PostgresqlConnection postgres)) {
            log.info("not a PostgreSQL connection; the outbox relay polls only");
            return Flux.never();
        }
        return postgres.createStatement("LISTEN " + CHANNEL).execute()
                .flatMap(result -> result.getRowsUpdated())
                .thenMany(postgres.getNotifications().map(notification -> (Object) notification));
    }

    /** Deletes published rows older than the cutoff; returns how many. */
    public Mono<Long> purge(OffsetDateTime cutoff) {
        return db.sql(PURGE).bind("cutoff", cutoff).fetch().rowsUpdated();
    }

    Mono<Void> measure() {
        return db.sql(MEASURE)
                .map(row -> {
                    pending.set(row.get("pending", Long.class));
                    oldestAgeMillis.set(Math.round(row.get("oldest_age", Double.class) * 1000));
                    return true;
                })
                .one()
                .then();
    }
}
