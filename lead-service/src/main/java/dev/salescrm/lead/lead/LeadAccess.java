package dev.salescrm.lead.lead;

import java.util.UUID;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.salescrm.lead.lead.domain.Lead;
import dev.salescrm.lead.lead.domain.LeadStatus;
import dev.salescrm.platform.security.CurrentUser;

/**
 * What other features of lead-service (activities, later campaigns) may ask of leads: a lead the
 * caller may see (else 404), and recording a contact with it. Keeps LeadService's use cases
 * private to the lead feature.
 */
@Component
public class LeadAccess {

    private final LeadService leads;

    LeadAccess(LeadService leads) {
        this.leads = leads;
    }

    public Mono<Lead> visible(UUID leadId, CurrentUser caller) {
        return leads.get(leadId, caller);
    }

    /** A completed activity with an open lead makes a New lead Contacted; other leads are left as they are. */
    public Mono<Lead> recordContact(Lead lead) {
        return lead.status() == LeadStatus.OPEN ? leads.recordContact(lead) : Mono.just(lead);
    }
}
