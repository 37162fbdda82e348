package dev.salescrm.opportunity.opportunity;

import java.util.UUID;

import dev.salescrm.opportunity.opportunity.domain.OpportunityStatus;

/** What an opportunity list may be narrowed to; every field is optional. */
record OpportunityFilter(OpportunityStatus status, String ownerId, UUID accountId) {
}
