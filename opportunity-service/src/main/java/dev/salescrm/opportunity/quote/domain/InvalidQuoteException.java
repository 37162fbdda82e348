package dev.salescrm.opportunity.quote.domain;

/** A value the quote's rules refuse (a quantity of zero, a discount larger than the line), naming the field. */
public class InvalidQuoteException extends RuntimeException {

    private final String field;

    public InvalidQuoteException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
