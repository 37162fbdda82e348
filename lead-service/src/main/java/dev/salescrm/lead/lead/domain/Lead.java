package dev.salescrm.lead.lead.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A lead: a name in the holding tank, kept apart from the customer database until it is
 * qualified. Immutable; every change checks the state machine ({@link LeadAction}) and returns the
 * next version of the lead.
 *
 * @param ownerId    the user working the lead, or null while unassigned
 * @param campaignId the campaign the lead answered, if any
 * @param sourceCampaignResponseId the campaign response the lead was made from, if any
 * @param statusNote why it was disqualified, or why its conversion failed
 * @param conversion the latest qualification, or null if it was never qualified
 * @param version    optimistic-concurrency version, starts at 1, exposed as the ETag
 */
public record Lead(UUID id, LeadDetails details, String ownerId, UUID campaignId, UUID sourceCampaignResponseId,
                   LeadStatusReason statusReason, String statusNote, Conversion conversion, long version,
                   Instant createdAt, String createdBy, Instant updatedAt) {

    public Lead {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(statusReason, "statusReason");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A new lead lands in the tank as Open / New. */
    public static Lead open(UUID id, LeadDetails details, String ownerId, UUID campaignId, String actor, Instant now) {
        return open(id, details, ownerId, campaignId, null, actor, now);
    }

    /** A new lead made from a campaign response (which stays the lead's origin). */
    public static Lead open(UUID id, LeadDetails details, String ownerId, UUID campaignId, UUID sourceCampaignResponseId,
                            String actor, Instant now) {
        return new Lead(id, details, ownerId, campaignId, sourceCampaignResponseId, LeadStatusReason.NEW, null, null, 1,
                now, actor, now);
    }

    public LeadStatus status() {
        return statusReason.status();
    }

    public Lead update(LeadDetails newDetails, String newOwnerId, Instant now) {
        require(LeadAction.UPDATE);
        return next(newDetails, newOwnerId, statusReason, statusNote, conversion, now);
    }

    /** A completed activity: a New lead becomes Contacted (an already Contacted one stays as it is). */
    public Lead recordContact(Instant now) {
        require(LeadAction.RECORD_CONTACT);
        return statusReason == LeadStatusReason.NEW
                ? next(details, ownerId, LeadStatusReason.CONTACTED, statusNote, conversion, now)
                : this;
    }

    public Lead qualify(QualificationPlan plan, Instant now) {
        require(LeadAction.QUALIFY);
        return next(details, ownerId, LeadStatusReason.QUALIFIED, null, Conversion.pending(plan, now), now);
    }

    public Lead disqualify(LeadStatusReason reason, String note, Instant now) {
        require(LeadAction.DISQUALIFY);
        if (reason.status() != LeadStatus.DISQUALIFIED) {
            throw new IllegalArgumentException(reason + " is not a reason to disqualify");
        }
        if (conversion != null && conversion.hasLinkedOpportunity()) {
            throw new IllegalLeadTransition(LeadAction.DISQUALIFY, status(),
                    "lead " + id + " has a linked opportunity and cannot be disqualified");
        }
        return next(details, ownerId, reason, note, conversion, now);
    }

    public Lead reactivate(Instant now) {
        require(LeadAction.REACTIVATE);
        return next(details, ownerId, LeadStatusReason.NEW, null, conversion, now);
    }

    /** account-service created or linked the account and contact. */
    public Lead customerSideAccepted(Instant now) {
        if (!hasPendingConversion()) {
            return this; // a late or repeated answer to a conversion that is already settled
        }
        return next(details, ownerId, statusReason, statusNote, conversion.withCustomerSideAccepted().settle(now), now);
    }

    /** opportunity-service created the opportunity. */
    public Lead opportunityCreated(UUID opportunityId, Instant now) {
        if (!hasPendingConversion() || !opportunityId.equals(conversion.opportunityId())) {
            return this;
        }
        return next(details, ownerId, statusReason, statusNote, conversion.withOpportunityCreated().settle(now), now);
    }

    /** account-service could not honour the conversion: the lead is Open again, the conversion FAILED. */
    public Lead conversionRejected(String reason, Instant now) {
        if (!hasPendingConversion()) {
            return this;
        }
        require(LeadAction.REOPEN_AFTER_REJECTED_CONVERSION);
        return next(details, ownerId, LeadStatusReason.NEW, reason, conversion.failed(reason, now), now);
    }

    public boolean hasPendingConversion() {
        return conversion != null && conversion.status() == ConversionStatus.PENDING;
    }

    private void require(LeadAction action) {
        if (!action.allowedIn(status())) {
            throw new IllegalLeadTransition(action, status(),
                    "a " + status() + " lead cannot be " + describe(action));
        }
    }

    private static String describe(LeadAction action) {
        return switch (action) {
            case UPDATE -> "changed";
            case RECORD_CONTACT -> "contacted";
            case QUALIFY -> "qualified";
            case DISQUALIFY -> "disqualified";
            case REACTIVATE -> "reactivated";
            case REOPEN_AFTER_REJECTED_CONVERSION -> "reopened";
        };
    }

    private Lead next(LeadDetails newDetails, String newOwnerId, LeadStatusReason newReason, String newNote,
                      Conversion newConversion, Instant now) {
        return new Lead(id, newDetails, newOwnerId, campaignId, sourceCampaignResponseId, newReason, newNote,
                newConversion, version + 1, createdAt, createdBy, now);
    }
}
