package dev.salescrm.platform.outbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.platform.events.CloudEventHeaders;

/**
 * Appends events to the outbox table — only inside a running transaction, so an event exists if
 * and only if the state change it announces committed. Calling it outside a transaction is a
 * programming error and fails loudly rather than publishing something that might roll back.
 */
public class OutboxWriter {

    private static final String INSERT = """
            INSERT INTO outbox (id, aggregatetype, aggregateid, type, topic, payload, headers)
            VALUES (:id, :aggregateType, :aggregateId, :type, :topic, CAST(:payload AS jsonb), CAST(:headers AS jsonb))
            """;

    private final DatabaseClient db;
    private final JsonMapper json;
    private final Tracer tracer;
    private final List<OutgoingEventCheck> checks;

    public OutboxWriter(DatabaseClient db, JsonMapper json, Tracer tracer, List<OutgoingEventCheck> checks) {
        this.db = db;
        this.json = json;
        this.tracer = tracer;
        this.checks = List.copyOf(checks);
    }

    public Mono<Void> append(OutboxEvent event) {
        return requireTransaction()
                .then(Mono.fromCallable(() -> rowValues(event)))
                .flatMap(values -> db.sql(INSERT).bindValues(values).fetch().rowsUpdated())
                .then();
    }

    private Map<String, Object> rowValues(OutboxEvent event) {
        Map<String, String> headers = new HashMap<>(event.headers());
        String traceparent = currentTraceparent();
        if (traceparent != null) {
            headers.putIfAbsent(CloudEventHeaders.TRACEPARENT, traceparent);
        }
        Map<String, Object> values = new HashMap<>();
        values.put("id", event.id());
        values.put("aggregateType", event.aggregateType());
        values.put("aggregateId", event.aggregateId());
        values.put("type", event.type());
        values.put("topic", event.topic());
        String payload = json.writeValueAsString(event.payload());
        checks.forEach(check -> check.check(event, payload));
        values.put("payload", payload);
        values.put("headers", json.writeValueAsString(headers));
        return values;
    }

    /** W3C trace context of the request that caused the event, so the trace follows it. */
    private String currentTraceparent() {
        if (tracer == null) {
            return null;
        }
        Span span = tracer.currentSpan();
        if (span == null) {
            return null;
        }
        var context = span.context();
        boolean sampled = Boolean.TRUE.equals(context.sampled());
        return "00-" + context.traceId() + "-" + context.spanId() + (sampled ? "-01" : "-00");
    }

    private static Mono<Void> requireTransaction() {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .filter(TransactionSynchronizationManager::isActualTransactionActive)
                .onErrorResume(NoTransactionException.class, e -> Mono.empty())
                .switchIfEmpty(Mono.error(new IllegalStateException(
                        "OutboxWriter.append must run inside the transaction that changes the state it announces")))
                .then();
    }
}
