package dev.salescrm.opportunity.quote.domain;

import java.util.Currency;

/**
 * An amount in another currency than the quote's: every amount of a quote is in its currency, and
 * there are no exchange rates here. Names the field that brought the other currency.
 */
public class QuoteCurrencyException extends RuntimeException {

    private final String field;

    public QuoteCurrencyException(String field, Currency quoteCurrency, Currency given) {
        super("is in " + given.getCurrencyCode() + "; every amount of this quote is in " + quoteCurrency.getCurrencyCode());
        this.field = field;
    }

    public String field() {
        return field;
    }
}
