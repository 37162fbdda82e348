package dev.salescrm.billing.order.domain;

/** The order has no line with this number (never had, or it was removed): the adapter answers 404. */
public class NoSuchOrderLine extends RuntimeException {

    private final int lineNumber;

    public NoSuchOrderLine(int lineNumber) {
        super("the order has no line " + lineNumber);
        this.lineNumber = lineNumber;
    }

    public int lineNumber() {
        return lineNumber;
    }
}
