package dev.salescrm.lead.campaign.domain;

/** An action the response's current status does not allow; the HTTP adapter answers 409 with the status. */
public class IllegalResponseTransition extends RuntimeException {

    private final ResponseAction action;
    private final ResponseStatus current;

    public IllegalResponseTransition(ResponseAction action, ResponseStatus current, String why) {
        super(why);
        this.action = action;
        this.current = current;
    }

    public ResponseAction action() {
        return action;
    }

    public ResponseStatus current() {
        return current;
    }
}
