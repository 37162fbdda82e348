package dev.salescrm.account.activity.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A call, e-mail, appointment or task with an account or with a contact (exactly one of them):
 * planned (no {@code completedAt}) or done; or a campaign response linked to a contact, which is
 * done when it is recorded.
 *
 * @param direction          inbound or outbound, where that means something (null for a task, say)
 * @param scheduledAt        when it is planned for, if it is planned
 * @param completedAt        when it was done; null while planned
 * @param campaignId         for a linked campaign response, its campaign (lead-service's id)
 * @param campaignResponseId for a linked campaign response, the response (lead-service's id)
 */
public record Activity(UUID id, UUID accountId, UUID contactId, ActivityType type, String subject, String description,
                       ActivityDirection direction, Instant scheduledAt, Instant completedAt, UUID campaignId,
                       UUID campaignResponseId, Instant createdAt, String createdBy) {

    public static final int MAX_SUBJECT_LENGTH = 300;
    public static final int MAX_DESCRIPTION_LENGTH = 10_000;

    public Activity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        if ((accountId == null) == (contactId == null)) {
            throw new IllegalArgumentException("an activity is with an account or with a contact, exactly one");
        }
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("an activity needs a subject");
        }
        if (subject.length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("an activity's subject has at most " + MAX_SUBJECT_LENGTH + " characters");
        }
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException("an activity's description has at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        if (type == ActivityType.CAMPAIGN_RESPONSE && (contactId == null || campaignResponseId == null || completedAt == null)) {
            throw new IllegalArgumentException("a campaign response is a done activity with a contact, naming the response");
        }
    }

    /** A call, e-mail, appointment or task someone logs with an account. */
    public static Activity withAccount(UUID id, UUID accountId, ActivityType type, String subject, String description,
                                       ActivityDirection direction, Instant scheduledAt, Instant completedAt,
                                       Instant createdAt, String createdBy) {
        requireLoggable(type);
        return new Activity(id, accountId, null, type, subject, description, direction, scheduledAt, completedAt, null,
                null, createdAt, createdBy);
    }

    /** A call, e-mail, appointment or task someone logs with a contact. */
    public static Activity withContact(UUID id, UUID contactId, ActivityType type, String subject, String description,
                                       ActivityDirection direction, Instant scheduledAt, Instant completedAt,
                                       Instant createdAt, String createdBy) {
        requireLoggable(type);
        return new Activity(id, null, contactId, type, subject, description, direction, scheduledAt, completedAt, null,
                null, createdAt, createdBy);
    }

    /**
     * A campaign response linked to an existing contact as a follow-up (the campaign-response
     * firewall's "link existing"): inbound, and done when it was linked.
     */
    public static Activity campaignResponse(UUID id, UUID contactId, UUID campaignId, UUID campaignResponseId,
                                            Instant linkedAt, Instant createdAt, String createdBy) {
        return new Activity(id, null, contactId, ActivityType.CAMPAIGN_RESPONSE, "Campaign response", null,
                ActivityDirection.INBOUND, null, linkedAt, campaignId, campaignResponseId, createdAt, createdBy);
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
        return new Activity(id, accountId, contactId, type, subject, description, direction, scheduledAt, when,
                campaignId, campaignResponseId, createdAt, createdBy);
    }

    private static void requireLoggable(ActivityType type) {
        if (type != null && !type.isLoggable()) {
            throw new IllegalArgumentException(type + " activities are recorded by the system, not logged");
        }
    }
}
