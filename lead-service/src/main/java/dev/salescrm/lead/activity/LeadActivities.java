package dev.salescrm.lead.activity;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.salescrm.lead.activity.domain.Activity;
import dev.salescrm.lead.lead.LeadAccess;
import dev.salescrm.lead.lead.domain.Lead;

/**
 * Logging an activity with a lead — what the activity API does, and what other features (a
 * campaign response linked to a lead) use so that the rules are the same: a completed activity
 * moves a New lead to Contacted. Runs inside the caller's transaction.
 */
@Component
public class LeadActivities {

    private final ActivityRepository activities;
    private final LeadAccess leads;

    LeadActivities(ActivityRepository activities, LeadAccess leads) {
        this.activities = activities;
        this.leads = leads;
    }

    /** Stores the activity with {@code lead} (one the caller may see); a completed one records the contact. */
    public Mono<Activity> log(Lead lead, Activity activity) {
        if (!activity.leadId().equals(lead.id())) {
            return Mono.error(new IllegalArgumentException("activity " + activity.id() + " is not with lead " + lead.id()));
        }
        Mono<Void> contact = activity.isCompleted() ? leads.recordContact(lead).then() : Mono.empty();
        return activities.insert(activity).then(contact).thenReturn(activity);
    }
}
