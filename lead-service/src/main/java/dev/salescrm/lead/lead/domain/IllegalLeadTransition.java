package dev.salescrm.lead.lead.domain;

/** An action the lead's current status does not allow; the HTTP adapter answers 409 with the status. */
public class IllegalLeadTransition extends RuntimeException {

    private final LeadStatus current;
    private final LeadAction action;

    public IllegalLeadTransition(LeadAction action, LeadStatus current, String why) {
        super(why);
        this.action = action;
        this.current = current;
    }

    public LeadStatus current() {
        return current;
    }

    public LeadAction action() {
        return action;
    }
}
