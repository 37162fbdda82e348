package dev.salescrm.opportunity.opportunity.domain;

/** A stage change that is not one step forward or back in the business process. */
public class IllegalStageChangeException extends RuntimeException {

    private final OpportunityStage current;
    private final OpportunityStage requested;

    public IllegalStageChangeException(OpportunityStage current, OpportunityStage requested) {
        super("an opportunity moves one stage at a time: from " + current + " to "
                + (current.ordinal() > 0 ? OpportunityStage.values()[current.ordinal() - 1] + " or " : "")
                + (current.ordinal() < OpportunityStage.values().length - 1 ? OpportunityStage.values()[current.ordinal() + 1] : "")
                + ", not " + requested);
        this.current = current;
        this.requested = requested;
    }

    public OpportunityStage current() {
        return current;
    }

    public OpportunityStage requested() {
        return requested;
    }
}
