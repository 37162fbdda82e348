package dev.salescrm.opportunity.opportunity;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.outbox.OutboxEvent;

/**
 * The opportunity events other teams consume. These payloads are a public contract (EVENTS.md and
 * the JSON Schemas in contracts): written deliberately here, never by serialising the domain
 * object. The record key is the opportunity id, so one opportunity's events stay in order.
 */
final class OpportunityEvents {

    static final String AGGREGATE = "opportunity";

    private OpportunityEvents() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OpportunityCreatedV1(UUID opportunityId, String name, UUID accountId, UUID contactId, String ownerId,
                                String stage, String status, int probability, Money estimatedRevenue,
                                LocalDate estimatedCloseDate, UUID sourceLeadId, UUID sourceCampaignResponseId,
                                long version, Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OpportunityLostV1(UUID opportunityId, UUID accountId, UUID contactId, String reason, String competitor,
                             String note, LocalDate actualCloseDate, long version, Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StageChangedV1(UUID opportunityId, String previousStage, String stage, int probability, long version,
                          Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OpportunityWonV1(UUID opportunityId, String name, UUID accountId, UUID contactId, String ownerId,
                            Money actualRevenue, LocalDate actualCloseDate, String note, UUID sourceLeadId,
                            UUID sourceCampaignResponseId, long version, Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OpportunityReopenedV1(UUID opportunityId, String previousStatus, String previousStatusReason, String stage,
                                 int probability, long version, Instant occurredAt, String actor) {
    }

    static OutboxEvent stageChanged(Opportunity before, Opportunity after, String actor) {
        var payload = new StageChangedV1(after.id(), before.stage().name(), after.stage().name(), after.probability(),
                after.version(), after.updatedAt(), actor);
        return OutboxEvent.of(Topics.OPPORTUNITY_EVENTS, AGGREGATE, after.id(), EventTypes.OPPORTUNITY_STAGE_CHANGED, payload);
    }

    static OutboxEvent won(Opportunity won, Money actualRevenue, String actor) {
        var payload = new OpportunityWonV1(won.id(), won.name(), won.customer().accountId(), won.customer().contactId(),
                won.ownerId(), actualRevenue, won.actualCloseDate(), won.closeNote(), won.sourceLeadId(),
                won.sourceCampaignResponseId(), won.version(), won.updatedAt(), actor);
        return OutboxEvent.of(Topics.OPPORTUNITY_EVENTS, AGGREGATE, won.id(), EventTypes.OPPORTUNITY_WON, payload);
    }

    static OutboxEvent reopened(Opportunity before, Opportunity after, String actor) {
        var payload = new OpportunityReopenedV1(after.id(), before.status().name(), before.statusReason().name(),
                after.stage().name(), after.probability(), after.version(), after.updatedAt(), actor);
        return OutboxEvent.of(Topics.OPPORTUNITY_EVENTS, AGGREGATE, after.id(), EventTypes.OPPORTUNITY_REOPENED, payload);
    }

    /** The opportunity as it was opened (version 1), whatever happened to it in the same transaction. */
    static OutboxEvent created(Opportunity opened, String actor) {
        var payload = new OpportunityCreatedV1(opened.id(), opened.name(), opened.customer().accountId(),
                opened.customer().contactId(), opened.ownerId(), opened.stage().name(), opened.status().name(),
                opened.probability(), opened.estimatedRevenue(), opened.estimatedCloseDate(), opened.sourceLeadId(),
                opened.sourceCampaignResponseId(), opened.version(), opened.createdAt(), actor);
        return OutboxEvent.of(Topics.OPPORTUNITY_EVENTS, AGGREGATE, opened.id(), EventTypes.OPPORTUNITY_CREATED, payload);
    }

    static OutboxEvent lost(Opportunity lost, String competitor, String actor) {
        var payload = new OpportunityLostV1(lost.id(), lost.customer().accountId(), lost.customer().contactId(),
                lost.statusReason().name(), competitor, lost.closeNote(), lost.actualCloseDate(), lost.version(),
                lost.updatedAt(), actor);
        return OutboxEvent.of(Topics.OPPORTUNITY_EVENTS, AGGREGATE, lost.id(), EventTypes.OPPORTUNITY_LOST, payload);
    }
}
