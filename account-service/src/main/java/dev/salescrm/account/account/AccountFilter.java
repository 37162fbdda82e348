package dev.salescrm.account.account;

import java.util.UUID;

import dev.salescrm.account.account.domain.RelationshipType;

/** What an account list may be narrowed to; every field is optional. */
record AccountFilter(RelationshipType relationshipType, String ownerId, UUID parentAccountId) {
}
