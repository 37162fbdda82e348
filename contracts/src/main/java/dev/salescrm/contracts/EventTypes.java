package dev.salescrm.contracts;

/**
 * Event types ({@code ce_type}): logical, versioned names, never Java class names, so code can be
 * renamed without breaking a consumer. Types are added here as the flows that emit them land.
 */
public final class EventTypes {

    public static final String LEAD_CREATED = "crm.lead.created.v1";
    public static final String LEAD_UPDATED = "crm.lead.updated.v1";
    public static final String LEAD_QUALIFIED = "crm.lead.qualified.v1";
    public static final String LEAD_DISQUALIFIED = "crm.lead.disqualified.v1";
    public static final String LEAD_REACTIVATED = "crm.lead.reactivated.v1";
    public static final String LEAD_CONVERSION_COMPLETED = "crm.lead.conversion-completed.v1";
    public static final String LEAD_CONVERSION_ACCEPTED = "crm.lead.conversion-accepted.v1";
    public static final String LEAD_CONVERSION_REJECTED = "crm.lead.conversion-rejected.v1";
    public static final String OPPORTUNITY_CREATED = "crm.opportunity.created.v1";

    private EventTypes() {
    }
}
