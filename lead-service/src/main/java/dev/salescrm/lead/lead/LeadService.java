package dev.salescrm.lead.lead;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.salescrm.lead.lead.domain.ConversionStatus;
import dev.salescrm.lead.lead.domain.IllegalLeadTransition;
import dev.salescrm.lead.lead.domain.Lead;
import dev.salescrm.lead.lead.domain.LeadDetails;
import dev.salescrm.lead.lead.domain.LeadStatusReason;
import dev.salescrm.lead.lead.domain.QualificationPlan;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.outbox.OutboxEvent;
import dev.salescrm.platform.outbox.OutboxWriter;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.security.Role;
import dev.salescrm.platform.text.PhoneNormalizer;
import dev.salescrm.platform.web.Cursor;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.ForbiddenException;
import dev.salescrm.platform.web.IllegalTransitionException;
import dev.salescrm.platform.web.NotFoundException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * Lead use cases. Each one stores the change and its events in one transaction, and each one
 * decides which leads the caller may see — a sales rep sees their own leads and unassigned ones;
 * any other lead is "not found" to them, never "forbidden" (that would confirm it exists).
 */
@Service
class LeadService {

    private final LeadRepository leads;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    private final LeadDuplicates duplicates;
    private final AccountMatchClient customerMatches;
    private final PhoneNormalizer phones;

    LeadService(LeadRepository leads, OutboxWriter outbox, TransactionalOperator tx, LeadDuplicates duplicates,
                AccountMatchClient customerMatches, PhoneNormalizer phones) {
        this.leads = leads;
        this.outbox = outbox;
        this.tx = tx;
        this.duplicates = duplicates;
        this.customerMatches = customerMatches;
        this.phones = phones;
    }

    /** What a create or qualify found besides its result: duplicates, and checks that could not be made. */
    record Checked<T>(T result, List<Duplicate> duplicates, List<String> warnings) {
    }

    /** {@code ?onDuplicate=reject} found duplicates: nothing was stored. */
    static final class DuplicatesFound extends RuntimeException {
        final transient List<Duplicate> duplicates;
        final transient List<String> warnings;

        DuplicatesFound(List<Duplicate> duplicates, List<String> warnings) {
            super("the lead matches existing records", null, false, false);
            this.duplicates = duplicates;
            this.warnings = warnings;
        }
    }

    // ---- the holding tank ----------------------------------------------------------------------

    /**
     * Creates a lead and reports the leads, contacts and accounts it duplicates (DuplicateRules);
     * with {@code rejectDuplicates}, any duplicate is a {@link DuplicatesFound} and nothing is stored.
     * Contacts and accounts are asked of account-service before the transaction; if it does not
     * answer, the lead is created anyway with a warning.
     */
    Mono<Checked<Lead>> create(LeadDetails details, String requestedOwnerId, UUID campaignId, CurrentUser caller,
                               boolean rejectDuplicates) {
        return create(details, requestedOwnerId, campaignId, null, caller, rejectDuplicates, lead -> Mono.empty());
    }

    /**
     * {@link #create(LeadDetails, String, UUID, CurrentUser, boolean) create}, for a lead made from a
     * campaign response: {@code alsoInTheTransaction} runs after the insert, in the same transaction,
     * so that if it fails (the response was converted meanwhile, say) there is no lead and no event.
     */
    Mono<Checked<Lead>> create(LeadDetails details, String requestedOwnerId, UUID campaignId,
                               UUID sourceCampaignResponseId, CurrentUser caller, boolean rejectDuplicates,
                               Function<Lead, Mono<Void>> alsoInTheTransaction) {
        Lead lead = Lead.open(Ids.newId(), details, ownerOfNewLead(requestedOwnerId, caller), campaignId,
                sourceCampaignResponseId, caller.id(), now());
        MatchKeys keys = leads.keysOf(details);
        // Contacts and accounts are asked first, outside the transaction (an HTTP call must not hold a
        // connection and the key locks); the leads are checked inside it, under the locks, so that the
        // check and the insert are one step for concurrent creates of the same person.
        return customerMatches.match(details)
                .flatMap(customers -> duplicates.lockKeysOf(keys)
                        .then(duplicates.findAll(keys, caller))
                        .flatMap(leadDuplicates -> {
                            List<Duplicate> all = new ArrayList<>(leadDuplicates);
                            all.addAll(customers.duplicates());
                            List<String> warnings = customers.warning() == null ? List.of() : List.of(customers.warning());
                            if (rejectDuplicates && !all.isEmpty()) {
                                return Mono.error(new DuplicatesFound(all, warnings));
                            }
                            return leads.insert(lead)
                                    .then(outbox.append(LeadEvents.created(lead, caller.id())))
                                    .then(Mono.defer(() -> alsoInTheTransaction.apply(lead)))
                                    .thenReturn(new Checked<>(lead, List.copyOf(all), warnings));
                        })
                        .as(tx::transactional));
    }

    /** Leads matching {@code q} (normalised), best first, at most {@code limit}; reps see their own and unassigned. */
    Mono<List<Lead>> search(String q, LeadFilter filter, int limit, CurrentUser caller) {
        SearchTerms terms = SearchTerms.of(q, phones);
        if (terms == null) {
            return Mono.just(List.of());
        }
        return leads.search(filter, isRepOnly(caller) ? caller.id() : null, terms, limit).collectList();
    }

    Mono<Lead> get(UUID id, CurrentUser caller) {
        return leads.findById(id)
                .filter(lead -> visibleTo(lead, caller))
                .switchIfEmpty(Mono.error(new NotFoundException("lead", id)));
    }

    Mono<Page<Lead>> list(LeadFilter filter, PageRequest page, CurrentUser caller) {
        String visibleToRep = isRepOnly(caller) ? caller.id() : null;
        return leads.findPage(filter, visibleToRep, page)
                .collectList()
                .map(rows -> Page.of(rows, page, lead -> Cursor.of(lead.id())));
    }

    /** Applies a merge patch; {@code changes} returns the new details and owner from the current ones. */
    Mono<Lead> update(UUID id, String ifMatch, LeadChanges changes, CurrentUser caller) {
        return change(id, ifMatch, caller, lead -> {
            String newOwner = changes.ownerChanged() ? changes.ownerId() : lead.ownerId();
            if (changes.ownerChanged() && isRepOnly(caller) && !caller.id().equals(newOwner)) {
                throw new ForbiddenException("ownerId", "a sales rep may not assign a lead to someone else");
            }
            Lead next = lead.update(changes.applyTo(lead.details()), newOwner, now());
            return new Change(next, LeadEvents.updated(next, changes.fieldNames(), caller.id()));
        });
    }

    // ---- the state machine ---------------------------------------------------------------------

    /** Qualifies the lead at once (202): the conversion is PENDING until the other services confirm. */
    Mono<Lead> qualify(UUID id, String ifMatch, QualificationRequest request, CurrentUser caller) {
        return qualifyChecked(id, ifMatch, request, caller, false).map(Checked::result);
    }

    /**
     * Qualifies, first asking account-service for contacts and accounts that match the lead (a new
     * account or contact may already exist there); with {@code rejectDuplicates}, a match is a
     * {@link DuplicatesFound} and the lead stays as it is.
     */
    Mono<Checked<Lead>> qualifyChecked(UUID id, String ifMatch, QualificationRequest request, CurrentUser caller,
                                       boolean rejectDuplicates) {
        return get(id, caller)
                .flatMap(lead -> customerMatches.match(lead.details()))
                .flatMap(answer -> {
                    List<String> warnings = answer.warning() == null ? List.of() : List.of(answer.warning());
                    if (rejectDuplicates && !answer.duplicates().isEmpty()) {
                        return Mono.error(new DuplicatesFound(answer.duplicates(), warnings));
                    }
                    return qualifyNow(id, ifMatch, request, caller)
                            .map(lead -> new Checked<>(lead, answer.duplicates(), warnings));
                });
    }

    private Mono<Lead> qualifyNow(UUID id, String ifMatch, QualificationRequest request, CurrentUser caller) {
        return change(id, ifMatch, caller, lead -> {
            QualificationPlan plan = request.plan(Ids::newId);
            Lead next = lead.qualify(plan, now());
            return new Change(next, LeadEvents.qualified(next, plan, caller.id()));
        });
    }

    Mono<Lead> disqualify(UUID id, String ifMatch, LeadStatusReason reason, String note, CurrentUser caller) {
        return change(id, ifMatch, caller, lead -> {
            Lead next = lead.disqualify(reason, note, now());
            return new Change(next, LeadEvents.disqualified(next, caller.id()));
        });
    }

    Mono<Lead> reactivate(UUID id, String ifMatch, CurrentUser caller) {
        return change(id, ifMatch, caller, lead -> {
            Lead next = lead.reactivate(now());
            return new Change(next, LeadEvents.reactivated(lead, next, caller.id()));
        });
    }

    /** A completed activity with the lead (inside the activity's transaction). */
    Mono<Lead> recordContact(Lead lead) {
        Lead next = lead.recordContact(now());
        if (next == lead) {
            return Mono.just(lead);
        }
        return leads.update(next, lead.version())
                .then(outbox.append(LeadEvents.updated(next, List.of("statusReason"), null)))
                .thenReturn(next);
    }

    // ---- answers from the other services in the saga (called from the inbox, in its transaction) --

    Mono<Void> customerSideAccepted(UUID leadId) {
        return settle(leadId, lead -> lead.customerSideAccepted(now()));
    }

    Mono<Void> opportunityCreated(UUID leadId, UUID opportunityId) {
        return settle(leadId, lead -> lead.opportunityCreated(opportunityId, now()));
    }

    Mono<Void> conversionRejected(UUID leadId, String reason) {
        return settle(leadId, lead -> lead.conversionRejected(reason, now()));
    }

    private Mono<Void> settle(UUID leadId, Function<Lead, Lead> answer) {
        return leads.findById(leadId).flatMap(lead -> {
            Lead next = answer.apply(lead);
            if (next == lead) {
                return Mono.<Void>empty(); // repeated, late, or about a conversion that is already settled
            }
            Mono<Void> events = Mono.empty();
            if (next.conversion().status() == ConversionStatus.COMPLETED) {
                events = outbox.append(LeadEvents.conversionCompleted(next));
            } else if (next.conversion().status() == ConversionStatus.FAILED) {
                events = outbox.append(LeadEvents.reactivated(lead, next, null));
            }
            return leads.update(next, lead.version()).then(events);
        });
    }

    // ---- shared --------------------------------------------------------------------------------

    private record Change(Lead next, OutboxEvent event) {
    }

    /**
     * Loads a lead the caller may see, checks {@code If-Match} against its version, applies the
     * change and stores it with its event; an illegal transition is a 409 naming the current status.
     */
    private Mono<Lead> change(UUID id, String ifMatch, CurrentUser caller, Function<Lead, Change> change) {
        return get(id, caller)
                .flatMap(lead -> {
                    ETags.requireMatch(ifMatch, lead.version());
                    Change result;
                    try {
                        result = change.apply(lead);
                    } catch (IllegalLeadTransition e) {
                        return Mono.error(new IllegalTransitionException("lead", id, e.current().name(),
                                e.action().name().toLowerCase(), e.getMessage()));
                    }
                    return leads.update(result.next(), lead.version())
                            .then(outbox.append(result.event()))
                            .thenReturn(result.next());
                })
                .as(tx::transactional);
    }

    /**
     * A rep's new lead is theirs, and a rep may not hand a lead to someone else (assigning owners is
     * a manager's call); managers, marketing and admins may assign or leave it unassigned.
     */
    private static String ownerOfNewLead(String requestedOwnerId, CurrentUser caller) {
        if (isRepOnly(caller)) {
            if (requestedOwnerId != null && !requestedOwnerId.equals(caller.id())) {
                throw new ForbiddenException("ownerId", "a sales rep may only create leads for themselves");
            }
            return caller.id();
        }
        return requestedOwnerId;
    }

    static boolean visibleTo(Lead lead, CurrentUser caller) {
        return !isRepOnly(caller) || lead.ownerId() == null || lead.ownerId().equals(caller.id());
    }

    /** A caller whose only claim on leads is being a sales rep (a manager who is also a rep sees all). */
    static boolean isRepOnly(CurrentUser caller) {
        return caller.has(Role.SALES_REP) && !caller.hasAny(Role.SALES_MANAGER, Role.MARKETING, Role.ADMIN, Role.ANALYTICS);
    }

    /** Microseconds: what PostgreSQL keeps, so the lead returned equals the lead read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
