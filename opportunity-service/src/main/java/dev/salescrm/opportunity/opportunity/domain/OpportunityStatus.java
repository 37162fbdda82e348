package dev.salescrm.opportunity.opportunity.domain;

/** An opportunity is being worked (OPEN) or closed as WON or LOST. */
public enum OpportunityStatus {
    OPEN,
    WON,
    LOST
}
