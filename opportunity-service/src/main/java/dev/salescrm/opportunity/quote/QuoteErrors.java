package dev.salescrm.opportunity.quote;

import java.util.UUID;
import java.util.function.Function;

import dev.salescrm.opportunity.quote.domain.IllegalQuoteStateException;
import dev.salescrm.opportunity.quote.domain.InvalidQuoteException;
import dev.salescrm.opportunity.quote.domain.QuoteCurrencyException;
import dev.salescrm.platform.web.IllegalTransitionException;
import dev.salescrm.platform.web.InvalidRequestException;

/**
 * The quote domain's refusals as the HTTP API reports them: a state that does not allow the action
 * is a 409 naming the quote's current status, a value the rules refuse a 400 naming the field, an
 * amount in another currency a 422 naming the field.
 */
final class QuoteErrors {

    private QuoteErrors() {
    }

    static Function<Throwable, Throwable> translate(UUID quoteId, String action) {
        return e -> switch (e) {
            case IllegalQuoteStateException illegal -> new IllegalTransitionException("quote", quoteId,
                    illegal.current().name(), action, illegal.getMessage());
            case InvalidQuoteException invalid -> new InvalidRequestException(invalid.field(), invalid.getMessage());
            case QuoteCurrencyException currency -> UnprocessableQuoteException.currencyMismatch(currency.field(),
                    currency.getMessage());
            default -> e;
        };
    }
}
