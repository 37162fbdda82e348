package dev.salescrm.lead.lead.domain;

/** Why a lead is in its status; each reason belongs to exactly one status. */
public enum LeadStatusReason {
    NEW(LeadStatus.OPEN),
    CONTACTED(LeadStatus.OPEN),
    QUALIFIED(LeadStatus.QUALIFIED),
    LOST(LeadStatus.DISQUALIFIED),
    CANNOT_CONTACT(LeadStatus.DISQUALIFIED),
    NO_LONGER_INTERESTED(LeadStatus.DISQUALIFIED),
    CANCELED(LeadStatus.DISQUALIFIED),
    DUPLICATE(LeadStatus.DISQUALIFIED);

    private final LeadStatus status;

    LeadStatusReason(LeadStatus status) {
        this.status = status;
    }

    public LeadStatus status() {
        return status;
    }
}
