package dev.salescrm.lead.campaign;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.salescrm.lead.activity.LeadActivities;
import dev.salescrm.lead.activity.domain.Activity;
import dev.salescrm.lead.activity.domain.ActivityDirection;
import dev.salescrm.lead.activity.domain.ActivityType;
import dev.salescrm.lead.campaign.domain.Campaign;
import dev.salescrm.lead.campaign.domain.CampaignResponse;
import dev.salescrm.lead.campaign.domain.IllegalResponseTransition;
import dev.salescrm.lead.campaign.domain.ResponseConversion;
import dev.salescrm.lead.campaign.domain.ResponseDetails;
import dev.salescrm.lead.campaign.domain.ResponseStatus;
import dev.salescrm.lead.lead.Duplicate;
import dev.salescrm.lead.lead.LeadAccess;
import dev.salescrm.lead.lead.domain.Lead;
import dev.salescrm.lead.lead.domain.LeadDetails;
import dev.salescrm.lead.lead.domain.LeadSource;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.outbox.OutboxWriter;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.ForbiddenException;
import dev.salescrm.platform.web.IllegalTransitionException;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.NotFoundException;

/**
 * Deciding what a campaign response is — the firewall in front of the lead store. Exactly one of
 * four things happens, and the response is CLOSED with its event in the same transaction:
 * <ul>
 *   <li>LINK_EXISTING with a lead: a completed activity with that lead (the caller must be able to
 *       see it; else 400 naming {@code leadId}), through the activity code, so a New lead becomes
 *       Contacted;</li>
 *   <li>LINK_EXISTING with a contact: announced only; the contact lives in account-service, which
 *       records the activity from {@code crm.campaign-response.converted.v1};</li>
 *   <li>NEW_LEAD: a lead from the response's data in the campaign, through the normal lead-creation
 *       path (owner rules, duplicate report, {@code crm.lead.created.v1});</li>
 *   <li>NEW_OPPORTUNITY: the opportunity id is allocated here and announced; opportunity-service
 *       creates it with {@code sourceCampaignResponseId};</li>
 *   <li>CLOSE: nobody is added anywhere; the response stays, for counting.</li>
 * </ul>
 * A response that is not OPEN is a 409 naming its status. Two conversions racing for one response:
 * the response's version check lets one commit; the other's lead, activity or event rolls back.
 */
@Service
class CampaignResponseConversion {

    private final CampaignService campaigns;
    private final CampaignResponseRepository responses;
    private final LeadAccess leads;
    private final LeadActivities activities;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;

    CampaignResponseConversion(CampaignService campaigns, CampaignResponseRepository responses, LeadAccess leads,
                               LeadActivities activities, OutboxWriter outbox, TransactionalOperator tx) {
        this.campaigns = campaigns;
        this.responses = responses;
        this.leads = leads;
        this.activities = activities;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** The closed response; for NEW_LEAD also what the new lead's duplicate check found. */
    record Converted(CampaignResponse response, List<Duplicate> duplicates, List<String> warnings) {

        static Converted of(CampaignResponse response) {
            return new Converted(response, null, List.of());
        }
    }

    Mono<Converted> convert(UUID responseId, String ifMatch, ConversionRequest request, CurrentUser caller) {
        request.check();
        return campaigns.response(responseId).flatMap(response -> {
            ETags.requireMatch(ifMatch, response.version());
            if (response.status() != ResponseStatus.OPEN) {
                return Mono.error(notOpen(response));
            }
            return switch (request.action()) {
                case LINK_EXISTING -> request.leadId() != null
                        ? linkLead(response, request.leadId(), caller)
                        : decide(response, ResponseConversion.linkContact(request.contactId(), caller.id(), now()))
                                .map(Converted::of).as(tx::transactional);
                case NEW_LEAD -> newLead(response, request.ownerId(), caller);
                case NEW_OPPORTUNITY -> newOpportunity(response, request, caller);
                case CLOSE -> decide(response, ResponseConversion.close(request.reason().strip(), caller.id(), now()))
                        .map(Converted::of).as(tx::transactional);
            };
        });
    }

    /** A completed activity with a lead the caller may see; a lead they may not see does not exist for them. */
    private Mono<Converted> linkLead(CampaignResponse response, UUID leadId, CurrentUser caller) {
        Mono<Lead> target = leads.visible(leadId, caller)
                .onErrorMap(NotFoundException.class, e -> new InvalidRequestException("leadId",
                        "there is no lead " + leadId + " (or none you may see)"));
        return Mono.zip(target, campaigns.get(response.campaignId()))
                .flatMap(found -> decide(response, ResponseConversion.linkLead(leadId, caller.id(), now()))
                        .flatMap(closed -> activities.log(found.getT1(), followUp(closed, found.getT2(), leadId, caller))
                                .thenReturn(Converted.of(closed))))
                .as(tx::transactional);
    }

    private Mono<Converted> newLead(CampaignResponse response, String ownerId, CurrentUser caller) {
        ResponseDetails d = response.details();
        if (!d.namesALead()) {
            return Mono.error(new InvalidRequestException("lastName",
                    "the response has neither a last name nor a company name, and a lead needs one"));
        }
        LeadDetails details = new LeadDetails(d.firstName(), d.lastName(), d.companyName(), null, d.email(), d.phone(),
                null, LeadSource.CAMPAIGN_RESPONSE, null, d.note());
        AtomicReference<CampaignResponse> closed = new AtomicReference<>();
        Function<Lead, Mono<Void>> closeTheResponse = lead ->
                decide(response, ResponseConversion.newLead(lead.id(), lead.ownerId(), caller.id(), now()))
                        .doOnNext(closed::set).then();
        return leads.createFromCampaignResponse(details, ownerId, response.campaignId(), response.id(), caller,
                        closeTheResponse)
                .map(created -> new Converted(closed.get(), created.duplicates(), created.warnings()));
    }

    /**
     * The customer is not checked here: accounts and contacts live in account-service, and
     * marketing — who works responses — may not read them. opportunity-service, which creates the
     * opportunity, is where an unknown customer shows.
     */
    private Mono<Converted> newOpportunity(CampaignResponse response, ConversionRequest request, CurrentUser caller) {
        String owner = request.ownerId() == null ? caller.id() : request.ownerId();
        if (LeadAccess.seesOwnAndUnassignedOnly(caller) && !owner.equals(caller.id())) {
            return Mono.error(new ForbiddenException("ownerId", "a sales rep may only make opportunities for themselves"));
        }
        ResponseConversion conversion = ResponseConversion.newOpportunity(Ids.newId(), request.name().strip(),
                request.accountId(), request.contactId(), owner, caller.id(), now());
        return decide(response, conversion).map(Converted::of).as(tx::transactional);
    }

    /** Closes the response with what it became, and writes its event (in the caller's transaction). */
    private Mono<CampaignResponse> decide(CampaignResponse response, ResponseConversion conversion) {
        CampaignResponse next;
        try {
            next = response.convert(conversion, conversion.convertedAt());
        } catch (IllegalResponseTransition e) {
            return Mono.error(notOpen(response));
        }
        return responses.update(next, response.version())
                .then(outbox.append(CampaignEvents.decided(next)))
                .thenReturn(next);
    }

    /** The response as a completed activity with the lead: inbound, at the time it arrived. */
    private static Activity followUp(CampaignResponse response, Campaign campaign, UUID leadId, CurrentUser caller) {
        ResponseDetails d = response.details();
        ActivityType type = d.channel() == null ? ActivityType.TASK : switch (d.channel()) {
            case EMAIL -> ActivityType.EMAIL;
            case PHONE -> ActivityType.PHONE_CALL;
            default -> ActivityType.TASK;
        };
        String subject = "Responded to campaign " + campaign.name() + " (" + campaign.code() + ")";
        String description = (d.note() == null ? "" : d.note() + "\n\n") + "Campaign response " + response.id();
        return new Activity(Ids.newId(), leadId, type, subject, description, ActivityDirection.INBOUND, null,
                d.receivedAt(), response.updatedAt(), caller.id());
    }

    private static IllegalTransitionException notOpen(CampaignResponse response) {
        return new IllegalTransitionException("campaign-response", response.id(), response.status().name(), "convert",
                "campaign response " + response.id() + " is " + response.status() + ": only an OPEN response can be converted");
    }

    private Instant now() {
        return campaigns.now();
    }
}
