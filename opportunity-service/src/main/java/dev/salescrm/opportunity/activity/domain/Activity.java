package dev.salescrm.opportunity.activity.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A call, e-mail, appointment or task about an opportunity: planned (no {@code completedAt}) or
 * done. It may be logged whatever the opportunity's status — a call after a won deal is still part
 * of its history — so nothing here depends on the opportunity.
 *
 * @param direction   inbound or outbound, where that means something (null for a task, say)
 * @param scheduledAt when it is planned for, if it is planned
 * @param completedAt when it was done; null while planned
 */
public record Activity(UUID id, UUID opportunityId, ActivityType type, String subject, String description,
                       ActivityDirection direction, Instant scheduledAt, Instant completedAt, Instant createdAt,
                       String createdBy) {

    public static final int MAX_SUBJECT_LENGTH = 300;
    public static final int MAX_DESCRIPTION_LENGTH = 10_000;

    public Activity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(opportunityId, "opportunityId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("an activity needs a subject");
        }
        if (subject.length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("an activity's subject has at most " + MAX_SUBJECT_LENGTH + " characters");
        }
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException("an activity's description has at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
    }

    public boolean isCompleted() {
        return completedAt != null;
    }

    /**
     * Marks a planned activity done.
     *
     * @throws IllegalStateException when it is done already (the first completion stands)
     */
    public Activity complete(Instant when) {
        Objects.requireNonNull(when, "when");
        if (isCompleted()) {
            throw new IllegalStateException("activity " + id + " was completed at " + completedAt);
        }
        return new Activity(id, opportunityId, type, subject, description, direction, scheduledAt, when, createdAt,
                createdBy);
    }
}
