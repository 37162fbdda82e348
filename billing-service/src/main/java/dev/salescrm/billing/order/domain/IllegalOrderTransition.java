package dev.salescrm.billing.order.domain;

/**
 * An action the order's status does not allow (or, for edits, that would leave the order without
 * a line or below zero): the HTTP adapter answers 409 naming the current status.
 */
public class IllegalOrderTransition extends RuntimeException {

    private final OrderAction action;
    private final OrderStatus current;

    public IllegalOrderTransition(OrderAction action, OrderStatus current, String why) {
        super(why);
        this.action = action;
        this.current = current;
    }

    public OrderAction action() {
        return action;
    }

    public OrderStatus current() {
        return current;
    }
}
