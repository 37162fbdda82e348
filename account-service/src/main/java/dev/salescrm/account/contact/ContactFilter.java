package dev.salescrm.account.contact;

import java.util.UUID;

/** What a contact list may be narrowed to; every field is optional. */
record ContactFilter(UUID accountId, String ownerId) {
}
