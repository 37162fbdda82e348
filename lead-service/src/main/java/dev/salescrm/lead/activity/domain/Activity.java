package dev.salescrm.lead.activity.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A call, e-mail, appointment or task with a lead: planned (no {@code completedAt}) or done. A
 * completed activity is what moves a New lead to Contacted.
 */
public record Activity(UUID id, UUID leadId, ActivityType type, String subject, String description,
                       ActivityDirection direction, Instant scheduledAt, Instant completedAt, Instant createdAt,
                       String createdBy) {

    public Activity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(type, "type");
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("an activity needs a subject");
        }
    }

    public boolean isCompleted() {
        return completedAt != null;
    }

    /** Marks a planned activity done; completing it twice is an error (the first time stands). */
    public Activity complete(Instant when) {
        if (isCompleted()) {
            throw new IllegalStateException("activity " + id + " was completed at " + completedAt);
        }
        return new Activity(id, leadId, type, subject, description, direction, scheduledAt, when, createdAt, createdBy);
    }
}
