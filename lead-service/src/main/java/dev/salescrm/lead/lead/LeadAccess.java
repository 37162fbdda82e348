package dev.salescrm.lead.lead;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.salescrm.lead.lead.domain.Lead;
import dev.salescrm.lead.lead.domain.LeadDetails;
import dev.salescrm.lead.lead.domain.LeadStatus;
import dev.salescrm.platform.security.CurrentUser;

/**
 * What other features of lead-service (activities, campaigns) may ask of leads: a lead the caller
 * may see (else 404), recording a contact with it, a new lead from a campaign response, and the
 * opportunity-service news the qualification saga waits for. Keeps LeadService's use cases private
 * to the lead feature.
 */
@Component
public class LeadAccess {

    private final LeadService leads;

    LeadAccess(LeadService leads) {
        this.leads = leads;
    }

    /** A new lead and what its duplicate check found ({@code warnings}: checks that could not be made). */
    public record NewLead(Lead lead, List<Duplicate> duplicates, List<String> warnings) {
    }

    /** Whether the caller sees only their own and unassigned leads (a sales rep and nothing more). */
    public static boolean seesOwnAndUnassignedOnly(CurrentUser caller) {
        return LeadService.isRepOnly(caller);
    }

    public Mono<Lead> visible(UUID leadId, CurrentUser caller) {
        return leads.get(leadId, caller);
    }

    /** A completed activity with an open lead makes a New lead Contacted; other leads are left as they are. */
    public Mono<Lead> recordContact(Lead lead) {
        return lead.status() == LeadStatus.OPEN ? leads.recordContact(lead) : Mono.just(lead);
    }

    /**
     * A lead made from a campaign response through the normal creation path (owner rules, duplicate
     * report, {@code crm.lead.created.v1}); {@code alsoInTheTransaction} closes the response in the
     * same transaction as the insert.
     */
    public Mono<NewLead> createFromCampaignResponse(LeadDetails details, String requestedOwnerId, UUID campaignId,
                                                    UUID campaignResponseId, CurrentUser caller,
                                                    Function<Lead, Mono<Void>> alsoInTheTransaction) {
        return Mono.defer(() -> leads.create(details, requestedOwnerId, campaignId, campaignResponseId, caller, false,
                        alsoInTheTransaction))
                .map(created -> new NewLead(created.result(), created.duplicates(), created.warnings()));
    }

    /** opportunity-service created an opportunity from this lead (in the inbox's transaction). */
    public Mono<Void> opportunityCreated(UUID leadId, UUID opportunityId) {
        return leads.opportunityCreated(leadId, opportunityId);
    }
}
