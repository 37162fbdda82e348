package dev.salescrm.lead.activity.domain;

/** Who reached out: the lead (inbound) or we (outbound). */
public enum ActivityDirection {
    INBOUND,
    OUTBOUND
}
