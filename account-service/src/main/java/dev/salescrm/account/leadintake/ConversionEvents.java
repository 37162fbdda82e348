package dev.salescrm.account.leadintake;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.outbox.OutboxEvent;

/**
 * account-service's answers to a qualified lead, on {@code crm.account.events.v1} keyed by the
 * lead id: accepted (the records exist now) or rejected (nothing was created, and why).
 */
final class ConversionEvents {

    static final String AGGREGATE = "lead-conversion";

    enum RejectionReason { ACCOUNT_NOT_FOUND, CONTACT_NOT_FOUND }

    private ConversionEvents() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConversionAcceptedV1(UUID leadId, UUID accountId, boolean accountCreated, UUID contactId,
                                boolean contactCreated, Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConversionRejectedV1(UUID leadId, String reason, String detail, UUID accountId, UUID contactId,
                                UUID opportunityId, Instant occurredAt, String actor) {
    }

    static OutboxEvent accepted(QualifiedLead q, Instant now) {
        var payload = new ConversionAcceptedV1(q.leadId(), q.account() == null ? null : q.account().id(),
                q.account() != null && q.account().create(), q.contact() == null ? null : q.contact().id(),
                q.contact() != null && q.contact().create(), now, q.actor());
        return OutboxEvent.of(Topics.ACCOUNT_EVENTS, AGGREGATE, q.leadId(), EventTypes.LEAD_CONVERSION_ACCEPTED, payload);
    }

    static OutboxEvent rejected(QualifiedLead q, RejectionReason reason, String detail, Instant now) {
        var payload = new ConversionRejectedV1(q.leadId(), reason.name(), detail,
                q.account() == null ? null : q.account().id(), q.contact() == null ? null : q.contact().id(),
                q.opportunityId(), now, q.actor());
        return OutboxEvent.of(Topics.ACCOUNT_EVENTS, AGGREGATE, q.leadId(), EventTypes.LEAD_CONVERSION_REJECTED, payload);
    }
}
