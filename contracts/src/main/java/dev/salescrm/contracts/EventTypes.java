package dev.salescrm.contracts;

/**
 * Event types ({@code ce_type}): logical, versioned names, never Java class names, so code can be
 * renamed without breaking a consumer. Types are added here as the flows that emit them land.
 */
public final class EventTypes {

    // ---- crm.lead.events.v1 (Topics.LEAD_EVENTS)
    public static final String LEAD_CREATED = "crm.lead.created.v1";
    public static final String LEAD_QUALIFIED = "crm.lead.qualified.v1";

    // ---- crm.account.events.v1 (Topics.ACCOUNT_EVENTS)
    public static final String ACCOUNT_CREATED = "crm.account.created.v1";
    public static final String ACCOUNT_UPDATED = "crm.account.updated.v1";
    public static final String ACCOUNT_RELATIONSHIP_CHANGED = "crm.account.relationship-changed.v1";
    public static final String CONTACT_CREATED = "crm.contact.created.v1";
    public static final String CONTACT_UPDATED = "crm.contact.updated.v1";
    public static final String LEAD_CONVERSION_REJECTED = "crm.lead.conversion-rejected.v1";
    /** account-service's one answer to a qualified lead it could honour (the qualification saga). */
    public static final String LEAD_CONVERSION_ACCEPTED = "crm.lead.conversion-accepted.v1";

    private EventTypes() {
    }
}
