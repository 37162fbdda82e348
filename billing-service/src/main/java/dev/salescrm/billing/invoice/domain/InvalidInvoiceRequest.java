package dev.salescrm.billing.invoice.domain;

/**
 * A value the caller sent that the invoice cannot take (a payment of zero, in another currency; a
 * blank reason): the HTTP adapter answers 400 naming {@link #field()}, a JSON path such as
 * {@code amount.currency}.
 */
public class InvalidInvoiceRequest extends RuntimeException {

    private final String field;

    public InvalidInvoiceRequest(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
