package dev.salescrm.billing.invoice.domain;

/** What can be done to an issued invoice, named as the API's problems name it. */
public enum InvoiceAction {
    PAY("record a payment on"),
    CANCEL("cancel");

    private final String verb;

    InvoiceAction(String verb) {
        this.verb = verb;
    }

    public String verb() {
        return verb;
    }
}
