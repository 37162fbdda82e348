package dev.salescrm.lead.activity.domain;

/** What kind of contact with a lead an activity is. */
public enum ActivityType {
    PHONE_CALL,
    EMAIL,
    APPOINTMENT,
    TASK
}
