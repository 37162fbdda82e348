package dev.salescrm.platform.web;

/**
 * An action the aggregate's state machine does not allow in its current state: 409
 * {@code urn:crm:problem:illegal-transition} with {@code currentState} and {@code action} members.
 */
public class IllegalTransitionException extends RuntimeException {

    private final String resource;
    private final transient Object id;
    private final String currentState;
    private final String action;

    public IllegalTransitionException(String resource, Object id, String currentState, String action) {
        this(resource, id, currentState, action, "cannot " + action + " " + resource + " " + id + " in state " + currentState);
    }

    /** With the state machine's own explanation as the problem's detail (e.g. "has a linked opportunity"). */
    public IllegalTransitionException(String resource, Object id, String currentState, String action, String why) {
        super(why);
        this.resource = resource;
        this.id = id;
        this.currentState = currentState;
        this.action = action;
    }

    public String resource() {
        return resource;
    }

    public Object id() {
        return id;
    }

    public String currentState() {
        return currentState;
    }

    public String action() {
        return action;
    }
}
