package dev.salescrm.opportunity.quote.domain;

/**
 * Something the quote's current status does not allow: a status change missing from
 * {@link QuoteStatusTransitions}, or an edit of a quote that is no longer a draft.
 */
public class IllegalQuoteStateException extends RuntimeException {

    private final QuoteStatus current;

    public IllegalQuoteStateException(QuoteStatus current, String why) {
        super(why);
        this.current = current;
    }

    public QuoteStatus current() {
        return current;
    }
}
