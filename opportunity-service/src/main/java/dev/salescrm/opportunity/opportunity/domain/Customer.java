package dev.salescrm.opportunity.opportunity.domain;

import java.util.UUID;

/**
 * Who an opportunity is with: an account or, for a person without a company, a contact —
 * exactly one of the two (Dynamics CRM's "potential customer").
 */
public record Customer(UUID accountId, UUID contactId) {

    public Customer {
        if ((accountId == null) == (contactId == null)) {
            throw new IllegalArgumentException("a customer is either an account or a contact");
        }
    }

    public static Customer account(UUID accountId) {
        return new Customer(accountId, null);
    }

    public static Customer contact(UUID contactId) {
        return new Customer(null, contactId);
    }
}
