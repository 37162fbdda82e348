package dev.salescrm.lead.campaign.domain;

/**
 * The four things a campaign response can become (the "firewall" in front of the lead store):
 * a follow-up of someone already known, a new lead, an opportunity for an existing customer, or
 * nothing at all.
 */
public enum ConversionAction {
    /** A completed activity with an existing lead, or (in account-service) with an existing contact. */
    LINK_EXISTING,
    /** A new lead from the response's data, in the campaign. */
    NEW_LEAD,
    /** An opportunity for an existing account or contact; opportunity-service creates it. */
    NEW_OPPORTUNITY,
    /** Closed without adding anyone; kept for counting. */
    CLOSE
}
