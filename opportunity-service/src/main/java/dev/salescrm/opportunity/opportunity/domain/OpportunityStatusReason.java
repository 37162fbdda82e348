package dev.salescrm.opportunity.opportunity.domain;

/** Why an opportunity is in its status; each reason belongs to exactly one status. */
public enum OpportunityStatusReason {
    IN_PROGRESS(OpportunityStatus.OPEN),
    WON(OpportunityStatus.WON),
    LOST(OpportunityStatus.LOST),
    CANCELED(OpportunityStatus.LOST),
    OUT_SOLD(OpportunityStatus.LOST);

    private final OpportunityStatus status;

    OpportunityStatusReason(OpportunityStatus status) {
        this.status = status;
    }

    public OpportunityStatus status() {
        return status;
    }
}
