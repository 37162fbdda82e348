package dev.salescrm.opportunity.opportunity;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.opportunity.opportunity.domain.Customer;
import dev.salescrm.opportunity.opportunity.domain.IllegalStageChangeException;
import dev.salescrm.opportunity.opportunity.domain.IllegalStatusChangeException;
import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.opportunity.opportunity.domain.OpportunityClose;
import dev.salescrm.opportunity.opportunity.domain.OpportunityStage;
import dev.salescrm.opportunity.opportunity.domain.OpportunityStatusReason;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.outbox.OutboxWriter;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.security.Role;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.ForbiddenException;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.IllegalTransitionException;

/**
 * Working an opportunity through the sales process: stages forward or back one step (recorded with
 * who and when), won with its actual revenue, lost with its reason and competitor, reopened. Each
 * change is one transaction: the opportunity, its history or close record, and its event — and,
 * when it is won or lost, the {@link OpportunityCloseEffects} (its open quotes are closed).
 */
@Service
public class OpportunityLifecycle {

    private final OpportunityService visible;
    private final OpportunityRepository opportunities;
    private final KnownCustomers customers;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final ObjectProvider<OpportunityCloseEffects> closeEffects;
    private final Clock clock = Clock.systemUTC();

    OpportunityLifecycle(OpportunityService visible, OpportunityRepository opportunities, KnownCustomers customers,
                         OutboxWriter outbox, TransactionalOperator tx, ObjectProvider<OpportunityCloseEffects> closeEffects) {
        this.visible = visible;
        this.opportunities = opportunities;
        this.customers = customers;
        this.outbox = outbox;
        this.tx = tx;
        this.closeEffects = closeEffects;
    }

    /**
     * Opens an opportunity directly (a small-market sale needs no lead), for a customer this service
     * knows of. A sales rep opens it for themselves; managers and admins may name any owner.
     */
    Mono<Opportunity> open(String name, Customer customer, String requestedOwnerId, Money estimatedRevenue,
                           LocalDate estimatedCloseDate, CurrentUser caller) {
        boolean repOnly = caller.has(Role.SALES_REP) && !caller.hasAny(Role.SALES_MANAGER, Role.ADMIN);
        if (repOnly && requestedOwnerId != null && !requestedOwnerId.equals(caller.id())) {
            return Mono.error(new ForbiddenException("ownerId", "a sales rep may only open opportunities for themselves"));
        }
        String ownerId = requestedOwnerId != null ? requestedOwnerId : caller.id();
        KnownCustomers.Kind kind = customer.accountId() != null ? KnownCustomers.Kind.ACCOUNT : KnownCustomers.Kind.CONTACT;
        UUID customerId = customer.accountId() != null ? customer.accountId() : customer.contactId();
        Opportunity opened = Opportunity.open(Ids.newId(), new Opportunity.Proposal(name, customer, ownerId,
                estimatedRevenue, estimatedCloseDate, null, null), caller.id(), now());
        return customers.exists(customerId, kind)
                .flatMap(known -> known ? Mono.just(opened) : Mono.error(new InvalidRequestException(
                        kind == KnownCustomers.Kind.ACCOUNT ? "accountId" : "contactId",
                        "no such " + kind.name().toLowerCase() + " (known to opportunity-service)")))
                .flatMap(o -> opportunities.insertIfAbsent(o).then(outbox.append(OpportunityEvents.created(o, caller.id()))))
                .thenReturn(opened)
                .as(tx::transactional);
    }

    Mono<Opportunity> moveToStage(UUID id, String ifMatch, OpportunityStage stage, CurrentUser caller) {
        return change(id, ifMatch, caller, "stage", opportunity -> opportunity.moveTo(stage, now()),
                (before, after) -> opportunities.insertStageChange(before, after, caller.id())
                        .then(outbox.append(OpportunityEvents.stageChanged(before, after, caller.id()))));
    }

    /**
     * Wins the opportunity with its actual revenue. Joins the caller's transaction if there is one
     * (accepting a quote wins its opportunity in the quote's transaction).
     */
    public Mono<Opportunity> win(UUID id, String ifMatch, Money actualRevenue, LocalDate closedOn, String note,
                                 CurrentUser caller) {
        return change(id, ifMatch, caller, "win", opportunity -> opportunity.win(actualRevenue, note, closedOn(closedOn), now()),
                (before, after) -> opportunities.insertClose(close(after, OpportunityStatusReason.WON, actualRevenue, null, caller))
                        .then(outbox.append(OpportunityEvents.won(after, actualRevenue, caller.id())))
                        .then(closeEffects(closeEffects, after, caller.id())));
    }

    Mono<Opportunity> lose(UUID id, String ifMatch, OpportunityStatusReason reason, String competitor, String note,
                           LocalDate closedOn, CurrentUser caller) {
        return change(id, ifMatch, caller, "lose", opportunity -> opportunity.lose(reason, note, closedOn(closedOn), now()),
                (before, after) -> opportunities.insertClose(close(after, reason, null, competitor, caller))
                        .then(outbox.append(OpportunityEvents.lost(after, competitor, caller.id())))
                        .then(closeEffects(closeEffects, after, caller.id())));
    }

    /** Runs every {@link OpportunityCloseEffects} for a won or lost opportunity, one after the other. */
    static Mono<Void> closeEffects(ObjectProvider<OpportunityCloseEffects> effects, Opportunity closed, String actor) {
        return Flux.fromStream(effects::orderedStream).concatMap(effect -> effect.opportunityClosed(closed, actor)).then();
    }

    Mono<Opportunity> reopen(UUID id, String ifMatch, CurrentUser caller) {
        return change(id, ifMatch, caller, "reopen", opportunity -> opportunity.reopen(now()),
                (before, after) -> outbox.append(OpportunityEvents.reopened(before, after, caller.id())));
    }

    private interface Record {
        Mono<Void> of(Opportunity before, Opportunity after);
    }

    private Mono<Opportunity> change(UUID id, String ifMatch, CurrentUser caller, String action,
                                     Function<Opportunity, Opportunity> change, Record record) {
        return visible.get(id, caller)
                .flatMap(before -> {
                    ETags.requireMatch(ifMatch, before.version());
                    Opportunity after;
                    try {
                        after = change.apply(before);
                    } catch (IllegalStatusChangeException | IllegalStageChangeException e) {
                        String state = before.status().name() + "/" + before.stage().name();
                        return Mono.error(new IllegalTransitionException("opportunity", id, state, action, e.getMessage()));
                    }
                    return opportunities.update(after).then(record.of(before, after)).thenReturn(after);
                })
                .as(tx::transactional);
    }

    private OpportunityClose close(Opportunity closed, OpportunityStatusReason outcome, Money actualRevenue,
                                   String competitor, CurrentUser caller) {
        return new OpportunityClose(Ids.newId(), closed.id(), outcome, actualRevenue, closed.actualCloseDate(), competitor,
                closed.closeNote(), caller.id(), closed.updatedAt());
    }

    private LocalDate closedOn(LocalDate given) {
        return given != null ? given : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
