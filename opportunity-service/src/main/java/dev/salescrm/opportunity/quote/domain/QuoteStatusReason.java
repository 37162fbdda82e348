package dev.salescrm.opportunity.quote.domain;

/**
 * Why a quote is in its status; each reason belongs to exactly one status. A closed quote says why
 * it was closed: lost to the customer, canceled, superseded by a revision, or closed with its
 * opportunity (won through another quote or directly, or lost).
 */
public enum QuoteStatusReason {
    IN_PROGRESS(QuoteStatus.DRAFT),
    OPEN(QuoteStatus.ACTIVE),
    WON(QuoteStatus.WON),
    LOST(QuoteStatus.CLOSED),
    CANCELED(QuoteStatus.CLOSED),
    REVISED(QuoteStatus.CLOSED),
    OPPORTUNITY_WON(QuoteStatus.CLOSED),
    OPPORTUNITY_LOST(QuoteStatus.CLOSED);

    private final QuoteStatus status;

    QuoteStatusReason(QuoteStatus status) {
        this.status = status;
    }

    public QuoteStatus status() {
        return status;
    }
}
