package dev.salescrm.opportunity.quote;

import java.util.List;

import dev.salescrm.platform.web.InvalidRequestException.Violation;
import dev.salescrm.platform.web.ProblemType;

/**
 * A well-formed request the quote cannot take because of what it refers to: a price list with no
 * price for the product in that unit, or an amount in another currency than the quote's. A 422
 * naming the fields ({@link QuoteProblemAdvice}), where a malformed value is a 400.
 */
class UnprocessableQuoteException extends RuntimeException {

    /** The problem types: the platform's {@code currency-mismatch}, and this service's {@code no-price}. */
    enum Kind {
        CURRENCY_MISMATCH(ProblemType.CURRENCY_MISMATCH.slug(), ProblemType.CURRENCY_MISMATCH.title()),
        NO_PRICE("no-price", "No price");

        final String slug;
        final String title;

        Kind(String slug, String title) {
            this.slug = slug;
            this.title = title;
        }
    }

    private final Kind kind;
    private final List<Violation> violations;

    UnprocessableQuoteException(Kind kind, String detail, List<Violation> violations) {
        super(detail);
        this.kind = kind;
        this.violations = List.copyOf(violations);
    }

    static UnprocessableQuoteException currencyMismatch(String field, String message) {
        return new UnprocessableQuoteException(Kind.CURRENCY_MISMATCH, field + " " + message,
                List.of(new Violation(field, message)));
    }

    static UnprocessableQuoteException noPrice(String priceListId) {
        String message = "price list " + priceListId + " has no price for this product in this unit";
        return new UnprocessableQuoteException(Kind.NO_PRICE, message,
                List.of(new Violation("productId", message), new Violation("unitId", message)));
    }

    Kind kind() {
        return kind;
    }

    List<Violation> violations() {
        return violations;
    }
}
