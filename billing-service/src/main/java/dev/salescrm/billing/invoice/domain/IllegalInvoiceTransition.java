package dev.salescrm.billing.invoice.domain;

/** An action the invoice's status (or its payments) does not allow: the HTTP adapter answers 409 naming the status. */
public class IllegalInvoiceTransition extends RuntimeException {

    private final InvoiceAction action;
    private final InvoiceStatus current;

    public IllegalInvoiceTransition(InvoiceAction action, InvoiceStatus current, String why) {
        super(why);
        this.action = action;
        this.current = current;
    }

    public InvoiceAction action() {
        return action;
    }

    public InvoiceStatus current() {
        return current;
    }
}
