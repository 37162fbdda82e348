package dev.salescrm.account.timeline.domain;

/**
 * What a timeline entry tells. The first three come from account-service's own changes, the rest
 * from other services' events (opportunities, billing) and from campaign responses linked to a
 * contact.
 */
public enum TimelineKind {
    ACCOUNT_CREATED,
    CONTACT_CREATED,
    ACTIVITY,
    OPPORTUNITY_CREATED,
    OPPORTUNITY_WON,
    OPPORTUNITY_LOST,
    OPPORTUNITY_REOPENED,
    ORDER_PLACED,
    ORDER_CANCELED,
    INVOICE_ISSUED,
    INVOICE_PAID,
    INVOICE_CANCELED,
    CAMPAIGN_RESPONSE_LINKED
}
