package dev.salescrm.lead.lead.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A lead: a name in the holding tank, kept apart from the customer database until it is
 * qualified. Immutable; every change returns the next version of the lead.
 *
 * @param ownerId    the user working the lead, or null while unassigned
 * @param campaignId the campaign the lead answered, if any
 * @param version    optimistic-concurrency version, starts at 1, exposed as the ETag
 */
public record Lead(UUID id, LeadDetails details, String ownerId, UUID campaignId, LeadStatusReason statusReason,
                   long version, Instant createdAt, String createdBy, Instant updatedAt) {

    public Lead {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(statusReason, "statusReason");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A new lead lands in the tank as Open / New. */
    public static Lead open(UUID id, LeadDetails details, String ownerId, UUID campaignId, String actor, Instant now) {
        return new Lead(id, details, ownerId, campaignId, LeadStatusReason.NEW, 1, now, actor, now);
    }

    public LeadStatus status() {
        return statusReason.status();
    }
}
