package dev.salescrm.lead.lead;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.lead.lead.domain.Conversion;
import dev.salescrm.lead.lead.domain.Lead;
import dev.salescrm.lead.lead.domain.LeadDetails;
import dev.salescrm.lead.lead.domain.QualificationPlan;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.outbox.OutboxEvent;

/**
 * The lead events other teams consume (EVENTS.md; schemas in contracts). These payloads are a
 * public contract: written deliberately here, never by serialising the domain object, so the
 * domain can change without breaking a consumer. All go to {@code crm.lead.events.v1}, keyed by
 * lead id, so one lead's events stay in order.
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

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LeadUpdatedV1(UUID leadId, String firstName, String lastName, String companyName, String jobTitle,
                         String email, String phone, String website, String source, String topic, String ownerId,
                         UUID campaignId, String status, String statusReason, long version, String description,
                         List<String> changedFields, Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LeadSnapshot(String firstName, String lastName, String companyName, String jobTitle, String email,
                        String phone, String website, String source, String topic, String ownerId, UUID campaignId,
                        String description) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AccountTarget(UUID accountId, String mode) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ContactTarget(UUID contactId, String mode) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OpportunityToCreate(UUID opportunityId, String name, Money estimatedRevenue, LocalDate estimatedCloseDate,
                               String ownerId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LeadQualifiedV1(UUID leadId, long version, LeadSnapshot lead, AccountTarget account, ContactTarget contact,
                           OpportunityToCreate opportunity, UUID sourceCampaignResponseId, Instant occurredAt,
                           String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LeadDisqualifiedV1(UUID leadId, String reason, String note, long version, Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LeadReactivatedV1(UUID leadId, String previousStatus, String previousStatusReason, String statusReason,
                             long version, Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConversionCompletedV1(UUID leadId, UUID accountId, UUID contactId, UUID opportunityId, long version,
                                 Instant occurredAt, String actor) {
    }

    static OutboxEvent created(Lead lead, String actor) {
        var d = lead.details();
        var payload = new LeadCreatedV1(lead.id(), d.firstName(), d.lastName(), d.companyName(), d.jobTitle(),
                d.email(), d.phone(), d.website(), source(d), d.topic(), lead.ownerId(), lead.campaignId(),
                lead.status().name(), lead.statusReason().name(), lead.version(), lead.createdAt(), actor);
        return event(lead, EventTypes.LEAD_CREATED, payload);
    }

    static OutboxEvent updated(Lead lead, List<String> changedFields, String actor) {
        var d = lead.details();
        var payload = new LeadUpdatedV1(lead.id(), d.firstName(), d.lastName(), d.companyName(), d.jobTitle(),
                d.email(), d.phone(), d.website(), source(d), d.topic(), lead.ownerId(), lead.campaignId(),
                lead.status().name(), lead.statusReason().name(), lead.version(), d.description(), changedFields,
                lead.updatedAt(), actor);
        return event(lead, EventTypes.LEAD_UPDATED, payload);
    }

    static OutboxEvent qualified(Lead lead, QualificationPlan plan, String actor) {
        var d = lead.details();
        var snapshot = new LeadSnapshot(d.firstName(), d.lastName(), d.companyName(), d.jobTitle(), d.email(), d.phone(),
                d.website(), source(d), d.topic(), lead.ownerId(), lead.campaignId(), d.description());
        var account = plan.accountId() == null ? null : new AccountTarget(plan.accountId(), mode(plan.accountIsNew()));
        var contact = plan.contactId() == null ? null : new ContactTarget(plan.contactId(), mode(plan.contactIsNew()));
        var o = plan.opportunity();
        var opportunity = o == null ? null
                : new OpportunityToCreate(o.opportunityId(), o.name(), o.estimatedRevenue(), o.estimatedCloseDate(), lead.ownerId());
        var payload = new LeadQualifiedV1(lead.id(), lead.version(), snapshot, account, contact, opportunity,
                lead.sourceCampaignResponseId(), lead.updatedAt(), actor);
        return event(lead, EventTypes.LEAD_QUALIFIED, payload);
    }

    static OutboxEvent disqualified(Lead lead, String actor) {
        var payload = new LeadDisqualifiedV1(lead.id(), lead.statusReason().name(), lead.statusNote(), lead.version(),
                lead.updatedAt(), actor);
        return event(lead, EventTypes.LEAD_DISQUALIFIED, payload);
    }

    /** Back to Open: by a user, or because account-service rejected the conversion (no actor then). */
    static OutboxEvent reactivated(Lead before, Lead after, String actor) {
        var payload = new LeadReactivatedV1(after.id(), before.status().name(), before.statusReason().name(),
                after.statusReason().name(), after.version(), after.updatedAt(), actor);
        return event(after, EventTypes.LEAD_REACTIVATED, payload);
    }

    static OutboxEvent conversionCompleted(Lead lead) {
        Conversion c = lead.conversion();
        var payload = new ConversionCompletedV1(lead.id(), c.accountId(), c.contactId(), c.opportunityId(), lead.version(),
                c.settledAt(), null);
        return event(lead, EventTypes.LEAD_CONVERSION_COMPLETED, payload);
    }

    private static OutboxEvent event(Lead lead, String type, Object payload) {
        return OutboxEvent.of(Topics.LEAD_EVENTS, AGGREGATE, lead.id(), type, payload);
    }

    private static String source(LeadDetails d) {
        return d.source() == null ? null : d.source().name();
    }

    private static String mode(boolean isNew) {
        return isNew ? "NEW" : "EXISTING";
    }
}
