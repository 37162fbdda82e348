package dev.salescrm.opportunity.activity.domain;

/** What kind of contact about an opportunity an activity is. */
public enum ActivityType {
    PHONE_CALL,
    EMAIL,
    APPOINTMENT,
    TASK
}
