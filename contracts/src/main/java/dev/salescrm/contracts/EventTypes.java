package dev.salescrm.contracts;

/**
 * Event types ({@code ce_type}): logical, versioned names, never Java class names, so code can be
 * renamed without breaking a consumer. Types are added here as the flows that emit them land.
 */
public final class EventTypes {

    public static final String LEAD_CREATED = "crm.lead.created.v1";
    public static final String LEAD_QUALIFIED = "crm.lead.qualified.v1";

    // crm.account.events.v1, keyed by the lead id: account-service could not honour a qualification.
    public static final String LEAD_CONVERSION_REJECTED = "crm.lead.conversion-rejected.v1";

    public static final String OPPORTUNITY_CREATED = "crm.opportunity.created.v1";
    public static final String OPPORTUNITY_LOST = "crm.opportunity.lost.v1";

    private EventTypes() {
    }
}
