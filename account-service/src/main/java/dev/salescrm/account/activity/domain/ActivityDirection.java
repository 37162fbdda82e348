package dev.salescrm.account.activity.domain;

/** Who reached out: the customer (inbound) or we (outbound). */
public enum ActivityDirection {
    INBOUND,
    OUTBOUND
}
