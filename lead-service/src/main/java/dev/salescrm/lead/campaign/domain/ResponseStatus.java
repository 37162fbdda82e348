package dev.salescrm.lead.campaign.domain;

/**
 * A response is OPEN until someone decides what it is (CLOSED, with its {@link ResponseConversion})
 * or finds it was recorded in error (CANCELED). Closed and canceled responses are read-only.
 */
public enum ResponseStatus {
    OPEN,
    CLOSED,
    CANCELED
}
