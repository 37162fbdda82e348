package dev.salescrm.opportunity.quote.domain;

/**
 * Where a quote is in its life (Dynamics CRM's quote states): being written (DRAFT), offered to the
 * customer with its prices frozen (ACTIVE), accepted (WON), or closed without being accepted.
 */
public enum QuoteStatus {
    DRAFT,
    ACTIVE,
    WON,
    CLOSED;

    /** Only a draft's name, dates, discount and lines may change; an offered quote is read-only. */
    public boolean isEditable() {
        return this == DRAFT;
    }

    /** Still in play: closed together with its opportunity when that is won or lost. */
    public boolean isOpen() {
        return this == DRAFT || this == ACTIVE;
    }
}
