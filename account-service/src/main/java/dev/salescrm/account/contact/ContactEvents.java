package dev.salescrm.account.contact;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.salescrm.account.contact.domain.Contact;
import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.outbox.OutboxEvent;

/**
 * The contact events other teams consume (EVENTS.md; schemas in contracts). Key: the contact's
 * account id, or the contact id for a contact without account — so an account's contacts stay in
 * order with each other.
 */
public final class ContactEvents {

    static final String AGGREGATE = "contact";

    private ContactEvents() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ContactCreatedV1(UUID contactId, UUID accountId, String firstName, String lastName, String jobTitle,
                            String email, String phone, String ownerId, long version, UUID sourceLeadId,
                            Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ContactUpdatedV1(UUID contactId, UUID accountId, String firstName, String lastName, String jobTitle,
                            String email, String phone, String ownerId, long version, List<String> changedFields,
                            UUID sourceLeadId, Instant occurredAt, String actor) {
    }

    public static OutboxEvent created(Contact c, String actor) {
        var payload = new ContactCreatedV1(c.id(), c.accountId(), c.firstName(), c.lastName(), c.jobTitle(), c.email(),
                c.phone(), c.ownerId(), c.version(), c.sourceLeadId(), c.createdAt(), actor);
        return OutboxEvent.of(Topics.ACCOUNT_EVENTS, AGGREGATE, key(c), EventTypes.CONTACT_CREATED, payload);
    }

    /**
     * The contact after the change. {@code causeLeadId} is set when a lead qualification caused
     * it (a contact linked to the lead's account), so lead-service can match it to the conversion.
     */
    public static OutboxEvent updated(Contact c, List<String> changedFields, UUID causeLeadId, String actor) {
        var payload = new ContactUpdatedV1(c.id(), c.accountId(), c.firstName(), c.lastName(), c.jobTitle(), c.email(),
                c.phone(), c.ownerId(), c.version(), List.copyOf(changedFields), causeLeadId, c.updatedAt(), actor);
        return OutboxEvent.of(Topics.ACCOUNT_EVENTS, AGGREGATE, key(c), EventTypes.CONTACT_UPDATED, payload);
    }

    private static UUID key(Contact c) {
        return c.accountId() != null ? c.accountId() : c.id();
    }
}
