package dev.salescrm.billing.order.domain;

/**
 * A change the order cannot take because of a value the caller sent (a quantity of zero, say):
 * the HTTP adapter answers 400 naming {@link #field()}.
 */
public class InvalidOrderChange extends RuntimeException {

    private final String field;

    public InvalidOrderChange(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
