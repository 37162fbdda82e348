package dev.salescrm.lead.campaign;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.lead.campaign.domain.Campaign;
import dev.salescrm.lead.campaign.domain.CampaignResponse;
import dev.salescrm.lead.campaign.domain.ConversionAction;
import dev.salescrm.lead.campaign.domain.ResponseConversion;
import dev.salescrm.lead.campaign.domain.ResponseDetails;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.outbox.OutboxEvent;

/**
 * The campaign events other teams consume (EVENTS.md; schemas in contracts), written deliberately
 * here, never by serialising the domain. All go to {@code crm.campaign.events.v1} keyed by the
 * <em>campaign</em> id — a response's events too — so a consumer reads a campaign before its
 * responses, and each response's received before its conversion.
 */
final class CampaignEvents {

    static final String AGGREGATE = "campaign";

    private CampaignEvents() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CampaignCreatedV1(UUID campaignId, String name, String code, String channel, LocalDate startsOn,
                             LocalDate endsOn, Money budget, String ownerId, Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ResponseReceivedV1(UUID campaignResponseId, UUID campaignId, String firstName, String lastName,
                              String companyName, String email, String phone, String channel, Instant receivedAt,
                              String note, Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ResponseConvertedV1(UUID campaignResponseId, UUID campaignId, String action, UUID leadId, UUID contactId,
                               UUID accountId, UUID opportunityId, String opportunityName, String ownerId,
                               Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ResponseClosedV1(UUID campaignResponseId, UUID campaignId, String reason, Instant occurredAt, String actor) {
    }

    static OutboxEvent created(Campaign c, String actor) {
        var payload = new CampaignCreatedV1(c.id(), c.name(), c.code(), c.channel() == null ? null : c.channel().name(),
                c.startsOn(), c.endsOn(), c.budget(), c.ownerId(), c.createdAt(), actor);
        return event(c.id(), EventTypes.CAMPAIGN_CREATED, payload);
    }

    static OutboxEvent received(CampaignResponse r, String actor) {
        ResponseDetails d = r.details();
        var payload = new ResponseReceivedV1(r.id(), r.campaignId(), d.firstName(), d.lastName(), d.companyName(),
                d.email(), d.phone(), d.channel() == null ? null : d.channel().name(), d.receivedAt(), d.note(),
                r.createdAt(), actor);
        return event(r.campaignId(), EventTypes.CAMPAIGN_RESPONSE_RECEIVED, payload);
    }

    /** {@code converted} for a link, a new lead or a new opportunity; {@code closed} for a close. */
    static OutboxEvent decided(CampaignResponse r) {
        ResponseConversion c = r.conversion();
        if (c.action() == ConversionAction.CLOSE) {
            return event(r.campaignId(), EventTypes.CAMPAIGN_RESPONSE_CLOSED,
                    new ResponseClosedV1(r.id(), r.campaignId(), c.reason(), c.convertedAt(), c.convertedBy()));
        }
        var payload = new ResponseConvertedV1(r.id(), r.campaignId(), c.action().name(), c.leadId(), c.contactId(),
                c.accountId(), c.opportunityId(), c.opportunityName(), c.ownerId(), c.convertedAt(), c.convertedBy());
        return event(r.campaignId(), EventTypes.CAMPAIGN_RESPONSE_CONVERTED, payload);
    }

    private static OutboxEvent event(UUID campaignId, String type, Object payload) {
        return OutboxEvent.of(Topics.CAMPAIGN_EVENTS, AGGREGATE, campaignId, type, payload);
    }
}
