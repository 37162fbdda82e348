package dev.salescrm.lead.lead;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.lead.lead.domain.Lead;
import dev.salescrm.platform.outbox.OutboxEvent;

/**
 * The lead events other teams consume. These payloads are a public contract (EVENTS.md): they are
 * written deliberately here, never by serialising the domain object, so the domain can change
 * without breaking a consumer.
 */
final class LeadEvents {

    static final String AGGREGATE = "lead";

    private LeadEvents() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LeadCreatedV1(UUID leadId, String firstName, String lastName, String companyName, String jobTitle,
                         String email, String phone, String website, String source, String topic, String ownerId,
                         UUID campaignId, String status, String statusReason, long version, Instant occurredAt,
                         String actor) {
    }

    static OutboxEvent created(Lead lead, String actor) {
        var d = lead.details();
        var payload = new LeadCreatedV1(lead.id(), d.firstName(), d.lastName(), d.companyName(), d.jobTitle(),
                d.email(), d.phone(), d.website(), d.source() == null ? null : d.source().name(), d.topic(),
                lead.ownerId(), lead.campaignId(), lead.status().name(), lead.statusReason().name(), lead.version(),
                lead.createdAt(), actor);
        return OutboxEvent.of(Topics.LEAD_EVENTS, AGGREGATE, lead.id(), EventTypes.LEAD_CREATED, payload);
    }
}
