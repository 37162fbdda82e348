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

    /** Something the current status forbids that is not itself a status change (e.g. a new stage). */
    public IllegalStatusChangeException(OpportunityStatus current, String why) {
        super(why);
        this.current = current;
        this.requested = null;
    }

    public OpportunityStatus current() {
        return current;
    }

    public OpportunityStatusReason requested() {
        return requested;
    }
}
