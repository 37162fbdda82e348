package dev.salescrm.opportunity.opportunity.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

import dev.salescrm.platform.money.Money;

/**
 * A potential sale to a customer. Immutable; every change returns the next version.
 *
 * @param ownerId                  the user working it (identity subject); null while unassigned
 * @param probability              chance of winning in per cent, 0–100
 * @param estimatedRevenue         expected revenue, or null while unknown
 * @param priceListId              the catalog price list it is quoted from, or null while none is chosen
 * @param sourceLeadId             the lead it was qualified from, if any
 * @param sourceCampaignResponseId the campaign response it came from, if any
 * @param actualCloseDate          the day it was closed; null while open
 * @param closeNote                why it was closed as it was, as told by whoever closed it
 * @param actualRevenue            what the deal brought in; set only while it is won (a reopened or lost deal
 *                                 has none), and kept also on the opportunity-close record of that win
 * @param version                  optimistic-concurrency version, starts at 1, exposed as the ETag
 */
public record Opportunity(UUID id, String name, Customer customer, String ownerId, OpportunityStage stage,
                          OpportunityStatusReason statusReason, int probability, Money estimatedRevenue,
                          LocalDate estimatedCloseDate, UUID priceListId, UUID sourceLeadId,
                          UUID sourceCampaignResponseId, LocalDate actualCloseDate, String closeNote, Money actualRevenue,
                          long version, Instant createdAt, String createdBy, Instant updatedAt) {

    public static final int MAX_NAME_LENGTH = 300;

    public Opportunity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(statusReason, "statusReason");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an opportunity needs a name");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("an opportunity name has at most " + MAX_NAME_LENGTH + " characters");
        }
        if (probability < 0 || probability > 100) {
            throw new IllegalArgumentException("probability must be between 0 and 100");
        }
        // win() always sets it; a won row without one can only come from outside the domain (seeded data).
        if (actualRevenue != null && statusReason != OpportunityStatusReason.WON) {
            throw new IllegalArgumentException("only a won opportunity has an actual revenue");
        }
        if (actualRevenue != null && actualRevenue.isNegative()) {
            throw new IllegalArgumentException("actual revenue must not be negative");
        }
    }

    /** What is known of a new opportunity when it is opened. */
    public record Proposal(String name, Customer customer, String ownerId, Money estimatedRevenue,
                           LocalDate estimatedCloseDate, UUID sourceLeadId, UUID sourceCampaignResponseId) {
    }

    /** A new opportunity starts Open / In progress in the Qualify stage, with that stage's probability. */
    public static Opportunity open(UUID id, Proposal proposal, String actor, Instant now) {
        OpportunityStage stage = OpportunityStage.QUALIFY;
        return new Opportunity(id, proposal.name(), proposal.customer(), proposal.ownerId(), stage,
                OpportunityStatusReason.IN_PROGRESS, stage.defaultProbability(), proposal.estimatedRevenue(),
                proposal.estimatedCloseDate(), null, proposal.sourceLeadId(), proposal.sourceCampaignResponseId(),
                null, null, null, 1, now, actor, now);
    }

    public OpportunityStatus status() {
        return statusReason.status();
    }

    /**
     * What a user edits on an opportunity: everything but its stage and status (they have their own
     * steps, with history and events), its origin and its close.
     */
    public record Details(String name, Customer customer, String ownerId, int probability, Money estimatedRevenue,
                          LocalDate estimatedCloseDate, UUID priceListId) {
    }

    public Details details() {
        return new Details(name, customer, ownerId, probability, estimatedRevenue, estimatedCloseDate, priceListId);
    }

    /**
     * The opportunity with edited details, one version on — only while it is open: a won or lost
     * deal is a record of what happened, changed again only by reopening it. Details equal to the
     * current ones are no change: the same opportunity, the same version, comes back.
     *
     * @throws IllegalStatusChangeException when it is won or lost
     * @throws IllegalArgumentException     when the details break a rule of the opportunity (a blank
     *                                      name, a probability outside 0–100, a negative revenue)
     */
    public Opportunity edit(Details details, Instant now) {
        Objects.requireNonNull(details, "details");
        if (status() != OpportunityStatus.OPEN) {
            throw new IllegalStatusChangeException(status(), "a " + status() + " opportunity cannot be edited; reopen it first");
        }
        if (details.estimatedRevenue() != null && details.estimatedRevenue().isNegative()) {
            throw new IllegalArgumentException("estimated revenue must not be negative");
        }
        if (details.equals(details())) {
            return this;
        }
        return new Opportunity(id, details.name(), details.customer(), details.ownerId(), stage, statusReason,
                details.probability(), details.estimatedRevenue(), details.estimatedCloseDate(), details.priceListId(),
                sourceLeadId, sourceCampaignResponseId, actualCloseDate, closeNote, actualRevenue, version + 1, createdAt,
                createdBy, now);
    }

    /**
     * Moves to the next or the previous business-process stage (one step, only while open); the
     * probability becomes the new stage's.
     */
    public Opportunity moveTo(OpportunityStage target, Instant now) {
        if (status() != OpportunityStatus.OPEN) {
            throw new IllegalStatusChangeException(status(), "a " + status() + " opportunity cannot change stage");
        }
        if (Math.abs(target.ordinal() - stage.ordinal()) != 1) {
            throw new IllegalStageChangeException(stage, target);
        }
        return new Opportunity(id, name, customer, ownerId, target, statusReason, target.defaultProbability(),
                estimatedRevenue, estimatedCloseDate, priceListId, sourceLeadId, sourceCampaignResponseId, actualCloseDate,
                closeNote, actualRevenue, version + 1, createdAt, createdBy, now);
    }

    /** Closes the opportunity as won with what it actually brought in (also written on the close record). */
    public Opportunity win(Money actualRevenue, String note, LocalDate closedOn, Instant now) {
        Objects.requireNonNull(actualRevenue, "actualRevenue");
        return close(OpportunityStatusReason.WON, 100, actualRevenue, note, closedOn, now);
    }

    /** Back to Open / In progress after a win or a loss; the stage's probability applies again. */
    public Opportunity reopen(Instant now) {
        if (!OpportunityStatusTransitions.allows(status(), OpportunityStatusReason.IN_PROGRESS)) {
            throw new IllegalStatusChangeException(status(), OpportunityStatusReason.IN_PROGRESS);
        }
        return new Opportunity(id, name, customer, ownerId, stage, OpportunityStatusReason.IN_PROGRESS,
                stage.defaultProbability(), estimatedRevenue, estimatedCloseDate, priceListId, sourceLeadId,
                sourceCampaignResponseId, null, null, null, version + 1, createdAt, createdBy, now);
    }

    /**
     * Closes the opportunity as lost for {@code reason} (LOST, CANCELED, OUT_SOLD), as far as the
     * transition table allows it from the current status.
     *
     * @throws IllegalStatusChangeException when the table does not allow it
     */
    public Opportunity lose(OpportunityStatusReason reason, String note, LocalDate closedOn, Instant now) {
        if (reason.status() != OpportunityStatus.LOST) {
            throw new IllegalArgumentException(reason + " is not a reason to lose an opportunity");
        }
        return close(reason, probability, null, note, closedOn, now);
    }

    private Opportunity close(OpportunityStatusReason reason, int newProbability, Money actualRevenue, String note,
                              LocalDate closedOn, Instant now) {
        if (!OpportunityStatusTransitions.allows(status(), reason)) {
            throw new IllegalStatusChangeException(status(), reason);
        }
        return new Opportunity(id, name, customer, ownerId, stage, reason, newProbability, estimatedRevenue,
                estimatedCloseDate, priceListId, sourceLeadId, sourceCampaignResponseId, closedOn, note, actualRevenue,
                version + 1, createdAt, createdBy, now);
    }
}
