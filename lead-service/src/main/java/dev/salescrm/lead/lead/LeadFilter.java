package dev.salescrm.lead.lead;

import dev.salescrm.lead.lead.domain.LeadStatus;

/** What a lead list may be narrowed to; every field is optional. */
record LeadFilter(LeadStatus status, String ownerId) {
}
