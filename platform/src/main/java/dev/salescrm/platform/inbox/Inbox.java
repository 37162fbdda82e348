package dev.salescrm.platform.inbox;

import java.time.Duration;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The idempotent consumer: records the event id and applies the consumer's effect in one
 * transaction. A redelivered event finds its id already recorded and changes nothing; an effect
 * that fails rolls the id back with it, so the retry really retries.
 *
 * <p>Listeners call {@link #process} and <em>wait</em> for it (they run on listener threads, not
 * on the event loop). Blocking is deliberate: it keeps each partition strictly in order, which
 * state transitions keyed by aggregate need, and spring-kafka's async listeners do not guarantee
 * (and in 4.0.6 can lose records when two fail on one partition, GH-4504). A failure propagates
 * to the container's error handler: bounded retries with back-off, then {@code <topic>.dlt}.
 */
public class Inbox {

    private static final String RECORD = """
            INSERT INTO inbox (consumer, event_id, topic, type) VALUES (:consumer, :eventId, :topic, :type)
            ON CONFLICT (consumer, event_id) DO NOTHING
            """;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Duration timeout;

    public Inbox(DatabaseClient db, TransactionalOperator tx, JsonMapper json, MeterRegistry meters, Duration timeout) {
        this.db = db;
        this.tx = tx;
        this.json = json;
        this.meters = meters;
        this.timeout = timeout;
    }

    /**
     * Applies {@code effect} to the event in {@code record} exactly once for {@code consumer}.
     *
     * @param consumer a stable name of this consumer (one inbox per consumer, e.g.
     *                 {@code account-service.lead-events}); renaming it makes old events new again
     * @return true when the effect ran, false when the event had been processed before
     */
    public boolean process(ConsumerRecord<String, String> record, String consumer,
                           Function<IncomingEvent, Mono<?>> effect) {
        IncomingEvent event = IncomingEvent.from(record, json);
        Boolean applied = db.sql(RECORD)
                .bind("consumer", consumer)
                .bind("eventId", event.id())
                .bind("topic", event.topic())
                .bind("type", event.type())
                .fetch().rowsUpdated()
                .flatMap(inserted -> inserted > 0
                        ? Mono.defer(() -> effect.apply(event)).then(Mono.just(true))
                        : Mono.just(false))
                .as(tx::transactional)
                .block(timeout);
        Counter.builder(Boolean.TRUE.equals(applied) ? "crm.inbox.processed" : "crm.inbox.duplicates")
                .tag("consumer", consumer).register(meters).increment();
        return Boolean.TRUE.equals(applied);
    }
}
