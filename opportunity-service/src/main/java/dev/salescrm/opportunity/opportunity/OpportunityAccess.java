package dev.salescrm.opportunity.opportunity;

import java.util.UUID;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.platform.security.CurrentUser;

/**
 * What other features of this service (activities) may ask of opportunities: the opportunity if the
 * caller may see it — a sales rep only their own — else a 404, exactly as {@code GET} answers.
 */
@Component
public class OpportunityAccess {

    private final OpportunityService opportunities;

    OpportunityAccess(OpportunityService opportunities) {
        this.opportunities = opportunities;
    }

    /** @return the opportunity, or an error {@code NotFoundException} when it does not exist for the caller */
    public Mono<Opportunity> visible(UUID opportunityId, CurrentUser caller) {
        return opportunities.get(opportunityId, caller);
    }
}
