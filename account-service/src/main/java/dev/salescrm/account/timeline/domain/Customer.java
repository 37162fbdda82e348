package dev.salescrm.account.timeline.domain;

import java.util.UUID;

/**
 * Whose story an entry belongs to: the account's timeline, the contact's, or both (an activity with
 * a contact also appears on the account the contact works at). Either may be unknown to
 * account-service when the entry is recorded.
 */
public record Customer(UUID accountId, UUID contactId) {

    public static final Customer NOBODY = new Customer(null, null);

    public boolean isNobody() {
        return accountId == null && contactId == null;
    }

    /** This customer, with the blanks filled from {@code other}. */
    public Customer orElse(Customer other) {
        if (other == null) {
            return this;
        }
        return new Customer(accountId != null ? accountId : other.accountId, contactId != null ? contactId : other.contactId);
    }
}
