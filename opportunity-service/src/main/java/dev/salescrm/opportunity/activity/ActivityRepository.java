package dev.salescrm.opportunity.activity;

import static dev.salescrm.platform.persistence.SqlValues.text;
import static dev.salescrm.platform.persistence.SqlValues.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.opportunity.activity.domain.Activity;
import dev.salescrm.opportunity.activity.domain.ActivityDirection;
import dev.salescrm.opportunity.activity.domain.ActivityType;
import dev.salescrm.platform.persistence.KeysetQuery;
import dev.salescrm.platform.web.PageRequest;

/** Activities about opportunities in PostgreSQL ({@code opportunity_activity}), through plain SQL. */
@Repository
class ActivityRepository {

    private final DatabaseClient db;

    ActivityRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> insert(Activity a) {
        return db.sql("""
                        INSERT INTO opportunity_activity (id, opportunity_id, type, subject, description, direction,
                                                          scheduled_at, completed_at, created_at, created_by)
                        VALUES (:id, :opportunityId, :type, :subject, :description, :direction, :scheduledAt,
                                :completedAt, :createdAt, :createdBy)
                        """)
                .bind("id", a.id())
                .bind("opportunityId", a.opportunityId())
                .bind("type", a.type().name())
                .bind("subject", a.subject())
                .bind("description", text(a.description()))
                .bind("direction", text(a.direction() == null ? null : a.direction().name()))
                .bind("scheduledAt", instant(a.scheduledAt()))
                .bind("completedAt", instant(a.completedAt()))
                .bind("createdAt", utc(a.createdAt()))
                .bind("createdBy", text(a.createdBy()))
                .fetch().rowsUpdated().then();
    }

    /** Completes a planned activity; false when it was completed meanwhile (the first completion stands). */
    Mono<Boolean> complete(Activity completed) {
        return db.sql("UPDATE opportunity_activity SET completed_at = :completedAt WHERE id = :id AND completed_at IS NULL")
                .bind("completedAt", utc(completed.completedAt()))
                .bind("id", completed.id())
                .fetch().rowsUpdated().map(rows -> rows == 1);
    }

    /** The activity if it is one of this opportunity's. */
    Mono<Activity> find(UUID opportunityId, UUID id) {
        return db.sql("SELECT * FROM opportunity_activity WHERE opportunity_id = :opportunityId AND id = :id")
                .bind("opportunityId", opportunityId).bind("id", id)
                .map(ActivityRepository::toActivity).one();
    }

    /** Newest first (UUIDv7 ids sort by creation), {@code limit + 1} rows. */
    Flux<Activity> findPage(UUID opportunityId, PageRequest page) {
        return KeysetQuery.of("SELECT * FROM opportunity_activity")
                .always("opportunity_id = :opportunityId", "opportunityId", opportunityId)
                .page(page)
                .bind(db).map(ActivityRepository::toActivity).all();
    }

    private static Activity toActivity(Readable row) {
        String direction = row.get("direction", String.class);
        return new Activity(row.get("id", UUID.class), row.get("opportunity_id", UUID.class),
                ActivityType.valueOf(row.get("type", String.class)), row.get("subject", String.class),
                row.get("description", String.class), direction == null ? null : ActivityDirection.valueOf(direction),
                toInstant(row.get("scheduled_at", OffsetDateTime.class)),
                toInstant(row.get("completed_at", OffsetDateTime.class)),
                toInstant(row.get("created_at", OffsetDateTime.class)), row.get("created_by", String.class));
    }

    private static Parameter instant(Instant instant) {
        return Parameter.fromOrEmpty(instant == null ? null : utc(instant), OffsetDateTime.class);
    }

    private static Instant toInstant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
