package dev.salescrm.lead.lead.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a qualification stands. The ids of the records to create are allocated up front by
 * lead-service, so the client knows them at once; account-service and opportunity-service create
 * the records with exactly those ids and confirm, or account-service rejects.
 *
 * @param accountId            the account to create or link, or null
 * @param accountIsNew         whether account-service creates it
 * @param contactId            the contact to create or link, or null
 * @param contactIsNew         whether account-service creates it
 * @param opportunityId        the opportunity opportunity-service creates, or null
 * @param customerSideAccepted account-service created or linked the account and contact
 * @param opportunityCreated   opportunity-service created the opportunity
 */
public record Conversion(ConversionStatus status, UUID accountId, boolean accountIsNew, UUID contactId,
                         boolean contactIsNew, UUID opportunityId, boolean customerSideAccepted,
                         boolean opportunityCreated, String failureReason, Instant requestedAt, Instant settledAt) {

    public Conversion {
        Objects.requireNonNull(status, "status");
        if (accountId == null && contactId == null) {
            throw new IllegalArgumentException("a conversion makes an account, a contact or both");
        }
    }

    static Conversion pending(QualificationPlan plan, Instant now) {
        return new Conversion(ConversionStatus.PENDING, plan.accountId(), plan.accountIsNew(), plan.contactId(),
                plan.contactIsNew(), plan.opportunity() == null ? null : plan.opportunity().opportunityId(),
                false, false, null, now, null);
    }

    /** Every record the conversion announced is confirmed. */
    boolean isConfirmed() {
        return customerSideAccepted && (opportunityId == null || opportunityCreated);
    }

    Conversion settle(Instant now) {
        return isConfirmed() && status == ConversionStatus.PENDING
                ? new Conversion(ConversionStatus.COMPLETED, accountId, accountIsNew, contactId, contactIsNew,
                        opportunityId, customerSideAccepted, opportunityCreated, null, requestedAt, now)
                : this;
    }

    Conversion withCustomerSideAccepted() {
        return new Conversion(status, accountId, accountIsNew, contactId, contactIsNew, opportunityId, true,
                opportunityCreated, failureReason, requestedAt, settledAt);
    }

    Conversion withOpportunityCreated() {
        return new Conversion(status, accountId, accountIsNew, contactId, contactIsNew, opportunityId,
                customerSideAccepted, true, failureReason, requestedAt, settledAt);
    }

    Conversion failed(String reason, Instant now) {
        return new Conversion(ConversionStatus.FAILED, accountId, accountIsNew, contactId, contactIsNew, opportunityId,
                customerSideAccepted, opportunityCreated, reason, requestedAt, now);
    }

    /** An opportunity that exists for this lead and was not undone by a failed conversion. */
    boolean hasLinkedOpportunity() {
        return opportunityId != null && status != ConversionStatus.FAILED;
    }
}
