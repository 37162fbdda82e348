package dev.salescrm.billing.order.domain;

/** What can be done to an order; each names itself the way the API does ({@code POST /api/orders/{id}/fulfill}). */
public enum OrderAction {
    SUBMIT("submit"),
    FULFILL("fulfill"),
    CANCEL("cancel"),
    INVOICE("invoice"),
    /** Changing a line's quantity or removing a line. */
    EDIT_LINES("edit the lines of");

    private final String verb;

    OrderAction(String verb) {
        this.verb = verb;
    }

    /** The action as the API and its problems name it. */
    public String verb() {
        return verb;
    }
}
