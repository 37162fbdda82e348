package dev.salescrm.account.activity;

import static dev.salescrm.platform.persistence.SqlValues.text;
import static dev.salescrm.platform.persistence.SqlValues.utc;
import static dev.salescrm.platform.persistence.SqlValues.uuid;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.account.activity.domain.Activity;
import dev.salescrm.account.activity.domain.ActivityDirection;
import dev.salescrm.account.activity.domain.ActivityType;
import dev.salescrm.platform.persistence.KeysetQuery;
import dev.salescrm.platform.web.PageRequest;

/** Activities with accounts and contacts in PostgreSQL ({@code activity}), through plain SQL. */
@Repository
class ActivityRepository {

    private final DatabaseClient db;

    ActivityRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Stores a new activity; one with this id, or a second follow-up of the same campaign response,
     * is left alone.
     *
     * @return whether it was stored now
     */
    Mono<Boolean> insert(Activity a) {
        return db.sql("""
                        INSERT INTO activity (id, account_id, contact_id, type, subject, description, direction,
                                              scheduled_at, completed_at, campaign_id, campaign_response_id,
                                              created_at, created_by)
                        VALUES (:id, :accountId, :contactId, :type, :subject, :description, :direction, :scheduledAt,
                                :completedAt, :campaignId, :campaignResponseId, :createdAt, :createdBy)
                        ON CONFLICT DO NOTHING
                        """)
                .bind("id", a.id())
                .bind("accountId", uuid(a.accountId()))
                .bind("contactId", uuid(a.contactId()))
                .bind("type", a.type().name())
                .bind("subject", a.subject())
                .bind("description", text(a.description()))
                .bind("direction", text(a.direction() == null ? null : a.direction().name()))
                .bind("scheduledAt", instant(a.scheduledAt()))
                .bind("completedAt", instant(a.completedAt()))
                .bind("campaignId", uuid(a.campaignId()))
                .bind("campaignResponseId", uuid(a.campaignResponseId()))
                .bind("createdAt", utc(a.createdAt()))
                .bind("createdBy", text(a.createdBy()))
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** Completes a planned activity; false when it was completed meanwhile (the first completion stands). */
    Mono<Boolean> complete(Activity completed) {
        return db.sql("UPDATE activity SET completed_at = :completedAt WHERE id = :id AND completed_at IS NULL")
                .bind("completedAt", utc(completed.completedAt()))
                .bind("id", completed.id())
                .fetch().rowsUpdated().map(rows -> rows == 1);
    }

    /** The activity if it is one with this account or contact. */
    Mono<Activity> find(Regarding regarding, UUID id) {
        return db.sql("SELECT * FROM activity WHERE " + regarding.column() + " = :subject AND id = :id")
                .bind("subject", regarding.id()).bind("id", id)
                .map(ActivityRepository::toActivity).one();
    }

    /** Newest first (UUIDv7 ids sort by creation), {@code limit + 1} rows. */
    Flux<Activity> findPage(Regarding regarding, PageRequest page) {
        return KeysetQuery.of("SELECT * FROM activity")
                .always(regarding.column() + " = :subject", "subject", regarding.id())
                .page(page)
                .bind(db).map(ActivityRepository::toActivity).all();
    }

    private static Activity toActivity(Readable row) {
        String direction = row.get("direction", String.class);
        return new Activity(row.get("id", UUID.class), row.get("account_id", UUID.class),
                row.get("contact_id", UUID.class), ActivityType.valueOf(row.get("type", String.class)),
                row.get("subject", String.class), row.get("description", String.class),
                direction == null ? null : ActivityDirection.valueOf(direction),
                toInstant(row.get("scheduled_at", OffsetDateTime.class)),
                toInstant(row.get("completed_at", OffsetDateTime.class)), row.get("campaign_id", UUID.class),
                row.get("campaign_response_id", UUID.class), toInstant(row.get("created_at", OffsetDateTime.class)),
                row.get("created_by", String.class));
    }

    private static Parameter instant(Instant instant) {
        return Parameter.fromOrEmpty(instant == null ? null : utc(instant), OffsetDateTime.class);
    }

    private static Instant toInstant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
