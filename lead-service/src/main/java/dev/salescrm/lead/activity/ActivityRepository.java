package dev.salescrm.lead.activity;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.lead.activity.domain.Activity;
import dev.salescrm.lead.activity.domain.ActivityDirection;
import dev.salescrm.lead.activity.domain.ActivityType;
import dev.salescrm.platform.persistence.KeysetQuery;
import dev.salescrm.platform.web.PageRequest;

@Repository
class ActivityRepository {

    private final DatabaseClient db;

    ActivityRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> insert(Activity a) {
        return db.sql("""
                        INSERT INTO lead_activity (id, lead_id, type, subject, description, direction, scheduled_at,
                                                   completed_at, created_at, created_by)
                        VALUES (:id, :leadId, :type, :subject, :description, :direction, :scheduledAt, :completedAt,
                                :createdAt, :createdBy)
                        """)
                .bind("id", a.id())
                .bind("leadId", a.leadId())
                .bind("type", a.type().name())
                .bind("subject", a.subject())
                .bind("description", Parameter.fromOrEmpty(a.description(), String.class))
                .bind("direction", Parameter.fromOrEmpty(a.direction() == null ? null : a.direction().name(), String.class))
                .bind("scheduledAt", instant(a.scheduledAt()))
                .bind("completedAt", instant(a.completedAt()))
                .bind("createdAt", instant(a.createdAt()))
                .bind("createdBy", Parameter.fromOrEmpty(a.createdBy(), String.class))
                .fetch().rowsUpdated().then();
    }

    /** Completes a planned activity; false when it was completed meanwhile (the first completion stands). */
    Mono<Boolean> complete(Activity completed) {
        return db.sql("UPDATE lead_activity SET completed_at = :completedAt WHERE id = :id AND completed_at IS NULL")
                .bind("completedAt", instant(completed.completedAt()))
                .bind("id", completed.id())
                .fetch().rowsUpdated().map(rows -> rows == 1);
    }

    Mono<Activity> find(UUID leadId, UUID id) {
        return db.sql("SELECT * FROM lead_activity WHERE lead_id = :leadId AND id = :id")
                .bind("leadId", leadId).bind("id", id).map(ActivityRepository::toActivity).one();
    }

    /** Newest first, {@code limit + 1} rows. */
    Flux<Activity> findPage(UUID leadId, PageRequest page) {
        return KeysetQuery.of("SELECT * FROM lead_activity").always("lead_id = :leadId", "leadId", leadId).page(page)
                .bind(db).map(ActivityRepository::toActivity).all();
    }

    private static Activity toActivity(Readable row) {
        String direction = row.get("direction", String.class);
        return new Activity(row.get("id", UUID.class), row.get("lead_id", UUID.class),
                ActivityType.valueOf(row.get("type", String.class)), row.get("subject", String.class),
                row.get("description", String.class), direction == null ? null : ActivityDirection.valueOf(direction),
                toInstant(row.get("scheduled_at", OffsetDateTime.class)), toInstant(row.get("completed_at", OffsetDateTime.class)),
                toInstant(row.get("created_at", OffsetDateTime.class)), row.get("created_by", String.class));
    }

    private static Parameter instant(Instant instant) {
        return Parameter.fromOrEmpty(instant == null ? null : instant.atOffset(ZoneOffset.UTC), OffsetDateTime.class);
    }

    private static Instant toInstant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
