package dev.salescrm.lead.lead.domain;

/** A lead's state (Dynamics CRM): open and being worked, qualified into customer records, or disqualified. */
public enum LeadStatus {
    OPEN,
    QUALIFIED,
    DISQUALIFIED
}
