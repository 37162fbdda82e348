package dev.salescrm.opportunity.opportunity;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.opportunity.opportunity.domain.OpportunityStatus;
import dev.salescrm.opportunity.opportunity.domain.OpportunityStatusReason;
import dev.salescrm.platform.outbox.OutboxWriter;

/**
 * opportunity-service's part of the lead-qualification saga (docs/qualification-saga.md): open the
 * opportunity a qualified lead announced, with exactly the announced id, and cancel it when
 * account-service rejects the conversion. Each step is one transaction (the inbox's) holding the
 * state change and its events.
 *
 * <p>Whatever the order in which the two events arrive, the end is the same: the opportunity exists
 * with the announced id, LOST / CANCELED, and both {@code opportunity.created} and
 * {@code opportunity.lost} were published once.
 */
@Service
class LeadConversion {

    private static final Logger log = LoggerFactory.getLogger(LeadConversion.class);

    private final OpportunityRepository opportunities;
    private final RejectedConversions rejections;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final ObjectProvider<OpportunityCloseEffects> closeEffects;
    private final Clock clock;

    LeadConversion(OpportunityRepository opportunities, RejectedConversions rejections, OutboxWriter outbox,
                   TransactionalOperator tx, ObjectProvider<OpportunityCloseEffects> closeEffects) {
        this.opportunities = opportunities;
        this.rejections = rejections;
        this.outbox = outbox;
        this.tx = tx;
        this.closeEffects = closeEffects;
        this.clock = Clock.systemUTC();
    }

    /**
     * Opens the opportunity of a qualified lead unless it exists already (a redelivery); if its
     * conversion was rejected before this event arrived, it is canceled at once, in the same
     * transaction, so it is never seen open.
     */
    Mono<Void> openForQualifiedLead(UUID opportunityId, Opportunity.Proposal proposal, String actor) {
        // Microseconds: what PostgreSQL keeps, so what was stored equals what is read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Opportunity opened = Opportunity.open(opportunityId, proposal, actor, now);
        return rejections.lock(opportunityId)
                .then(opportunities.insertIfAbsent(opened))
                .flatMap(inserted -> {
                    if (!inserted) {
                        log.info("opportunity {} exists already; qualified lead {} changes nothing",
                                opportunityId, proposal.sourceLeadId());
                        return Mono.empty();
                    }
                    return outbox.append(OpportunityEvents.created(opened, actor))
                            .then(rejections.find(opportunityId))
                            .filter(rejection -> rejection.leadId().equals(proposal.sourceLeadId()))
                            .flatMap(rejection -> cancel(opened, rejection, actor, now));
                })
                .then()
                .as(tx::transactional);
    }

    /**
     * Cancels the opportunity of a rejected conversion if it is open, and remembers the rejection
     * in case the qualification that announced the opportunity has not arrived yet.
     */
    Mono<Void> cancelForRejectedConversion(RejectedConversions.Rejection rejection, String actor) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return rejections.lock(rejection.opportunityId())
                .then(rejections.remember(rejection))
                .then(opportunities.findById(rejection.opportunityId()))
                .filter(opportunity -> {
                    if (!rejection.leadId().equals(opportunity.sourceLeadId())) {
                        log.warn("conversion of lead {} was rejected naming opportunity {}, which came from lead {}; left as it is",
                                rejection.leadId(), opportunity.id(), opportunity.sourceLeadId());
                        return false;
                    }
                    return opportunity.status() == OpportunityStatus.OPEN;
                })
                .flatMap(opportunity -> cancel(opportunity, rejection, actor, now))
                .then()
                .as(tx::transactional);
    }

    private Mono<Void> cancel(Opportunity opportunity, RejectedConversions.Rejection rejection, String actor,
                              Instant now) {
        Opportunity canceled = opportunity.lose(OpportunityStatusReason.CANCELED, rejection.reason(),
                LocalDate.ofInstant(now, ZoneOffset.UTC), now);
        // A quote may have been drafted before the rejection arrived: it is closed with the opportunity.
        return opportunities.update(canceled)
                .then(outbox.append(OpportunityEvents.lost(canceled, null, actor)))
                .then(OpportunityLifecycle.closeEffects(closeEffects, canceled, actor));
    }
}
