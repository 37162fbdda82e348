package dev.salescrm.opportunity.opportunity;

import reactor.core.publisher.Mono;

import dev.salescrm.opportunity.opportunity.domain.Opportunity;

/**
 * What else changes when an opportunity is won or lost, in the same transaction as the close and
 * after its event (e.g. its open quotes are closed). Other features of this service implement it,
 * so that the opportunity package does not depend on them.
 */
public interface OpportunityCloseEffects {

    /**
     * @param closed the opportunity as it is now, WON or LOST (its status reason says why)
     * @param actor  who closed it; null when the system did (a rejected lead conversion)
     */
    Mono<Void> opportunityClosed(Opportunity closed, String actor);
}
