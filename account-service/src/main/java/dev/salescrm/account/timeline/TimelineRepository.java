package dev.salescrm.account.timeline;

import static dev.salescrm.platform.persistence.SqlValues.text;
import static dev.salescrm.platform.persistence.SqlValues.utc;
import static dev.salescrm.platform.persistence.SqlValues.uuid;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.account.timeline.domain.TimelineEntry;
import dev.salescrm.account.timeline.domain.TimelineKind;
import dev.salescrm.platform.web.PageRequest;

/**
 * The {@code timeline_entry} table. Written by whoever makes the change, inside its transaction
 * (a use case's, or the inbox's for a consumed event); read a page at a time, newest first.
 */
@Repository
public class TimelineRepository {

    private final DatabaseClient db;
    private final JsonMapper json;

    TimelineRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /**
     * Records an entry; an entry with this id already there is left as it is (the same event, or
     * the same record, told twice).
     *
     * @return whether it was recorded now
     */
    public Mono<Boolean> record(TimelineEntry entry) {
        return record(entry, null);
    }

    /** As {@link #record(TimelineEntry)}, naming the consumed event ({@code ce_id}) it was recorded from. */
    public Mono<Boolean> record(TimelineEntry entry, String sourceEventId) {
        return db.sql("""
                        INSERT INTO timeline_entry (id, account_id, contact_id, kind, occurred_at, summary, actor, refs,
                                                    details, source_event_id)
                        VALUES (:id, :accountId, :contactId, :kind, :occurredAt, :summary, :actor, CAST(:refs AS jsonb),
                                CAST(:details AS jsonb), :sourceEventId)
                        ON CONFLICT (id) DO NOTHING
                        """)
                .bind("id", entry.id())
                .bind("accountId", uuid(entry.accountId()))
                .bind("contactId", uuid(entry.contactId()))
                .bind("kind", entry.kind().name())
                .bind("occurredAt", utc(entry.occurredAt()))
                .bind("summary", entry.summary())
                .bind("actor", text(entry.actor()))
                .bind("refs", json.writeValueAsString(entry.refs()))
                .bind("details", json.writeValueAsString(entry.details()))
                .bind("sourceEventId", text(sourceEventId))
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    /**
     * Rewrites an entry that tells something which changed since (a planned activity now done):
     * when, what it says, and its details. Whose timeline it is on, and what it refers to, stay as
     * recorded.
     */
    public Mono<Void> revise(TimelineEntry entry) {
        return db.sql("""
                        UPDATE timeline_entry SET occurred_at = :occurredAt, summary = :summary,
                               details = CAST(:details AS jsonb)
                        WHERE id = :id
                        """)
                .bind("id", entry.id())
                .bind("occurredAt", utc(entry.occurredAt()))
                .bind("summary", entry.summary())
                .bind("details", json.writeValueAsString(entry.details()))
                .fetch().rowsUpdated().then();
    }

    /** One page of an account's timeline: newest first, then by id, {@code limit + 1} rows. */
    Flux<TimelineItem> pageOfAccount(UUID accountId, PageRequest page) {
        return page("account_id", accountId, page);
    }

    /** One page of a contact's timeline, as for accounts. */
    Flux<TimelineItem> pageOfContact(UUID contactId, PageRequest page) {
        return page("contact_id", contactId, page);
    }

    private Flux<TimelineItem> page(String column, UUID subject, PageRequest page) {
        TimelineCursor after = page.hasCursor() ? TimelineCursor.of(page.cursor()) : null;
        // column is one of two constants above, never input.
        String sql = "SELECT id, kind, occurred_at, summary, actor, refs::text AS refs, details::text AS details"
                + " FROM timeline_entry WHERE " + column + " = :subject"
                + (after == null ? "" : " AND (occurred_at, id) < (:afterAt, :afterId)")
                + " ORDER BY occurred_at DESC, id DESC LIMIT :limit";
        var spec = db.sql(sql).bind("subject", subject).bind("limit", page.fetchSize());
        if (after != null) {
            spec = spec.bind("afterAt", utc(after.occurredAt())).bind("afterId", after.id());
        }
        return spec.map(this::toItem).all();
    }

    private TimelineItem toItem(Readable row) {
        return new TimelineItem(row.get("id", UUID.class), TimelineKind.valueOf(row.get("kind", String.class)),
                row.get("occurred_at", OffsetDateTime.class).toInstant(), row.get("summary", String.class),
                json.readTree(row.get("refs", String.class)), row.get("actor", String.class),
                json.readTree(row.get("details", String.class)));
    }
}
