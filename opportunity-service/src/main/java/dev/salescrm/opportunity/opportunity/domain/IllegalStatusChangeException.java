package dev.salescrm.opportunity.opportunity.domain;

/** A status change the transition table does not allow from the opportunity's current status. */
public class IllegalStatusChangeException extends RuntimeException {

    private final OpportunityStatus current;
    private final OpportunityStatusReason requested;

    public IllegalStatusChangeException(OpportunityStatus current, OpportunityStatusReason requested) {
        super("an opportunity that is " + current + " cannot become " + requested.status() + "/" + requested);
        this.current = current;
        this.requested = requested;
    }

    public OpportunityStatus current() {
        return current;
    }

    public OpportunityStatusReason requested() {
        return requested;
    }
}
