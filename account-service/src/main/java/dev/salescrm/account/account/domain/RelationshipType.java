package dev.salescrm.account.account.domain;

/** What the organisation is to us. A new account starts as a prospect; a won deal makes it a customer. */
public enum RelationshipType {
    PROSPECT,
    CUSTOMER,
    PARTNER,
    COMPETITOR,
    OTHER
}
