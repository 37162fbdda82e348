package dev.salescrm.lead.lead.domain;

import java.util.EnumSet;
import java.util.Set;

import static dev.salescrm.lead.lead.domain.LeadStatus.DISQUALIFIED;
import static dev.salescrm.lead.lead.domain.LeadStatus.OPEN;
import static dev.salescrm.lead.lead.domain.LeadStatus.QUALIFIED;

/**
 * Everything that can happen to a lead, with the statuses it may happen in: the lead state machine
 * of Dynamics CRM as one enumerable table. A qualified or disqualified lead is read-only until it
 * is reactivated.
 */
public enum LeadAction {
    /** Change the lead's details or owner. */
    UPDATE(OPEN),
    /** A completed call, e-mail or meeting moves a New lead to Contacted. */
    RECORD_CONTACT(OPEN),
    /** Turn the lead into customer records (the qualification saga). */
    QUALIFY(OPEN),
    /** Close the lead as Lost, Cannot contact, No longer interested, Canceled or Duplicate. */
    DISQUALIFY(OPEN),
    /** Back to Open / New. */
    REACTIVATE(QUALIFIED, DISQUALIFIED),
    /** account-service could not honour a conversion: back to Open, the conversion FAILED (system only). */
    REOPEN_AFTER_REJECTED_CONVERSION(QUALIFIED);

    private final Set<LeadStatus> allowedFrom;

    LeadAction(LeadStatus first, LeadStatus... more) {
        this.allowedFrom = EnumSet.of(first, more);
    }

    public Set<LeadStatus> allowedFrom() {
        return allowedFrom;
    }

    public boolean allowedIn(LeadStatus status) {
        return allowedFrom.contains(status);
    }
}
