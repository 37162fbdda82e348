package dev.salescrm.account.activity.domain;

/**
 * What kind of contact with a customer an activity is. The first four are what people log (as on
 * leads and opportunities); {@link #CAMPAIGN_RESPONSE} is recorded by the system when lead-service
 * links a campaign response to an existing contact as a follow-up, and cannot be logged by hand.
 */
public enum ActivityType {
    PHONE_CALL,
    EMAIL,
    APPOINTMENT,
    TASK,
    CAMPAIGN_RESPONSE;

    /** Whether a person may log an activity of this type. */
    public boolean isLoggable() {
        return this != CAMPAIGN_RESPONSE;
    }
}
