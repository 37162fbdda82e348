package dev.salescrm.opportunity.opportunity;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.salescrm.opportunity.opportunity.domain.Customer;
import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.opportunity.opportunity.domain.OpportunityStatus;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.security.Role;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.ForbiddenException;
import dev.salescrm.platform.web.IllegalTransitionException;
import dev.salescrm.platform.web.InvalidRequestException;

/**
 * Editing an open opportunity (PATCH): its name, customer, owner, probability, estimated revenue
 * and close date, and price list. One transaction, under the opportunity's version: a stale
 * {@code If-Match} is a 412, a writer that commits between our read and our write a 409.
 *
 * <p>No event is written: the contract has no {@code crm.opportunity.updated.v1} schema yet (EVENTS.md
 * does not list one), and this service publishes no type without a schema. Consumers see an
 * opportunity's current name, customer and owner when it is won (its customer when it is lost).
 */
@Service
class OpportunityEditing {

    private final OpportunityService visible;
    private final OpportunityRepository opportunities;
    private final KnownCustomers customers;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    OpportunityEditing(OpportunityService visible, OpportunityRepository opportunities, KnownCustomers customers,
                       TransactionalOperator tx) {
        this.visible = visible;
        this.opportunities = opportunities;
        this.customers = customers;
        this.tx = tx;
    }

    /**
     * Applies the patch to an opportunity the caller may see. Only an open opportunity is edited
     * (409 naming its status otherwise); a sales rep may not hand it to someone else (403, as when
     * opening one); a new customer must be one this service knows of (400, as when opening one).
     * A patch that changes nothing writes nothing: the same version comes back.
     */
    Mono<Opportunity> edit(UUID id, String ifMatch, OpportunityChanges changes, CurrentUser caller) {
        return visible.get(id, caller)
                .flatMap(current -> {
                    ETags.requireMatch(ifMatch, current.version());
                    if (current.status() != OpportunityStatus.OPEN) {
                        return Mono.error(closed(current));
                    }
                    Opportunity.Details details = changes.applyTo(current.details());
                    if (changes.ownerChanged() && !mayAssignOthers(caller) && !caller.id().equals(details.ownerId())) {
                        return Mono.error(new ForbiddenException("ownerId",
                                "a sales rep may not assign an opportunity to someone else"));
                    }
                    Opportunity edited = current.edit(details, now());
                    if (edited == current) {
                        return Mono.just(current);
                    }
                    Customer customer = edited.customer();
                    Mono<Void> known = customer.equals(current.customer()) ? Mono.empty() : requireKnown(customer);
                    return known.then(opportunities.updateDetails(edited)).thenReturn(edited);
                })
                .as(tx::transactional);
    }

    private static IllegalTransitionException closed(Opportunity current) {
        String state = current.status().name() + "/" + current.stage().name();
        return new IllegalTransitionException("opportunity", current.id(), state, "edit",
                "a " + current.status() + " opportunity cannot be edited; reopen it first");
    }

    /** The rule of opening an opportunity: a sales rep (who is not also a manager or admin) works their own. */
    private static boolean mayAssignOthers(CurrentUser caller) {
        return !caller.has(Role.SALES_REP) || caller.hasAny(Role.SALES_MANAGER, Role.ADMIN);
    }

    private Mono<Void> requireKnown(Customer customer) {
        KnownCustomers.Kind kind = customer.accountId() != null ? KnownCustomers.Kind.ACCOUNT : KnownCustomers.Kind.CONTACT;
        UUID customerId = customer.accountId() != null ? customer.accountId() : customer.contactId();
        return customers.exists(customerId, kind)
                .flatMap(known -> known ? Mono.<Void>empty() : Mono.error(new InvalidRequestException(
                        kind == KnownCustomers.Kind.ACCOUNT ? "accountId" : "contactId",
                        "no such " + kind.name().toLowerCase() + " (known to opportunity-service)")));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
