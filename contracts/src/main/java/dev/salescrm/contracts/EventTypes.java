package dev.salescrm.contracts;

/**
 * Event types ({@code ce_type}): logical, versioned names, never Java class names, so code can be
 * renamed without breaking a consumer. Types are added here as the flows that emit them land.
 */
public final class EventTypes {

    public static final String LEAD_CREATED = "crm.lead.created.v1";

    private EventTypes() {
    }
}
