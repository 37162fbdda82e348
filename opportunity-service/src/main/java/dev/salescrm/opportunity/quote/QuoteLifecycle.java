package dev.salescrm.opportunity.quote;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.salescrm.opportunity.opportunity.OpportunityLifecycle;
import dev.salescrm.opportunity.opportunity.domain.OpportunityStatus;
import dev.salescrm.opportunity.quote.domain.Quote;
import dev.salescrm.opportunity.quote.domain.QuoteStatusReason;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.outbox.OutboxWriter;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.IllegalTransitionException;

/**
 * A quote's way through its states: activated (offered, prices frozen), closed, revised, accepted.
 * Each change is one transaction holding the quote, its event and — when accepting wins the
 * opportunity — the opportunity's win with its own event, exactly as {@code /win} writes it.
 */
@Service
class QuoteLifecycle {

    private final QuoteService quotes;
    private final QuoteRepository repository;
    private final OpportunityLifecycle opportunityLifecycle;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    QuoteLifecycle(QuoteService quotes, QuoteRepository repository, OpportunityLifecycle opportunityLifecycle,
                   OutboxWriter outbox, TransactionalOperator tx) {
        this.quotes = quotes;
        this.repository = repository;
        this.opportunityLifecycle = opportunityLifecycle;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** Offers a draft to the customer: it needs a line and an open opportunity; from now on it is read-only. */
    Mono<Quote> activate(UUID id, String ifMatch, CurrentUser caller) {
        return change(id, ifMatch, caller, "activate", found -> {
            requireOpenOpportunity(found, "activate");
            Quote activated = found.quote().activate(now());
            return repository.update(activated).then(outbox.append(QuoteEvents.activated(activated, caller.id())))
                    .thenReturn(activated);
        });
    }

    /** Closes a quote as LOST (an offer the customer turned down) or CANCELED. */
    Mono<Quote> close(UUID id, String ifMatch, QuoteStatusReason reason, CurrentUser caller) {
        return change(id, ifMatch, caller, "close", found -> {
            Quote closed = found.quote().close(reason, now());
            return repository.update(closed).then(outbox.append(QuoteEvents.closed(closed, caller.id())))
                    .thenReturn(closed);
        });
    }

    /** Closes an active quote as REVISED and returns the new draft of the next revision. */
    Mono<Quote> revise(UUID id, String ifMatch, CurrentUser caller) {
        return change(id, ifMatch, caller, "revise", found -> {
            requireOpenOpportunity(found, "revise");
            Quote.Revision revision = found.quote().revise(Ids.newId(), Ids::newId, caller.id(), now());
            return repository.update(revision.revised())
                    .then(repository.insert(revision.draft()))
                    .then(outbox.append(QuoteEvents.closed(revision.revised(), caller.id())))
                    .thenReturn(revision.draft());
        });
    }

    /**
     * The customer accepts the quote: WON, with a newly allocated order id, announced with its lines
     * and totals (billing-service creates the order from it). With {@code closeOpportunity} the
     * opportunity is won in the same transaction with the quote's total as actual revenue — the
     * opportunity's own win, so its other open quotes are closed too.
     */
    Mono<Quote> accept(UUID id, String ifMatch, boolean closeOpportunity, CurrentUser caller) {
        return change(id, ifMatch, caller, "accept", found -> {
            requireOpenOpportunity(found, "accept");
            Quote accepted = found.quote().accept(Ids.newId(), now());
            Mono<Void> written = repository.update(accepted)
                    .then(outbox.append(QuoteEvents.accepted(accepted, found.opportunity(), closeOpportunity, caller.id())));
            if (closeOpportunity) {
                written = written.then(opportunityLifecycle.win(accepted.opportunityId(), null,
                        accepted.totals().totalAmount(), null, null, caller).then());
            }
            return written.thenReturn(accepted);
        });
    }

    private Mono<Quote> change(UUID id, String ifMatch, CurrentUser caller, String action,
                               Function<QuoteService.QuoteInOpportunity, Mono<Quote>> change) {
        return quotes.forChange(id, ifMatch, caller)
                .flatMap(found -> Mono.defer(() -> change.apply(found)))
                .onErrorMap(QuoteErrors.translate(id, action))
                .as(tx::transactional);
    }

    /** Quotes of a closed opportunity were closed with it; this guards the rule where it matters. */
    private static void requireOpenOpportunity(QuoteService.QuoteInOpportunity found, String action) {
        OpportunityStatus status = found.opportunity().status();
        if (status != OpportunityStatus.OPEN) {
            throw new IllegalTransitionException("quote", found.quote().id(), found.quote().status().name(), action,
                    "cannot " + action + " a quote of an opportunity that is " + status);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
