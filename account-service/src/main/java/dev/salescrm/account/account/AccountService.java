package dev.salescrm.account.account;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.salescrm.account.access.Ownership;
import dev.salescrm.account.account.domain.Account;
import dev.salescrm.account.timeline.TimelineRepository;
import dev.salescrm.account.timeline.domain.TimelineEntries;
import dev.salescrm.platform.outbox.OutboxWriter;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ConcurrentUpdateException;
import dev.salescrm.platform.web.Cursor;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.NotFoundException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * Account use cases: each stores the change and its events in one transaction. Every reader sees
 * every account; who may change which is {@link Ownership}'s call.
 */
@Service
class AccountService {

    private static final String KIND = "account";

    private final AccountRepository accounts;
    private final OutboxWriter outbox;
    private final TimelineRepository timeline;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    AccountService(AccountRepository accounts, OutboxWriter outbox, TimelineRepository timeline, TransactionalOperator tx) {
        this.accounts = accounts;
        this.outbox = outbox;
        this.timeline = timeline;
        this.tx = tx;
    }

    /**
     * {@code draft} carries what the client sent; id, version and audit fields are set here. The
     * account's timeline starts with its creation, in the same transaction.
     */
    Mono<Account> create(Function<Instant, Account> draft, CurrentUser caller) {
        // Microseconds: what PostgreSQL keeps, so the account returned equals the account read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Mono.fromCallable(() -> draft.apply(now))
                .flatMap(account -> requireParentExists(account)
                        .then(accounts.insertIfAbsent(account))
                        .then(outbox.append(AccountEvents.created(account, caller.id())))
                        .then(timeline.record(TimelineEntries.accountCreated(account, caller.id())))
                        .thenReturn(account))
                .as(tx::transactional);
    }

    Mono<Account> get(UUID id) {
        return accounts.findById(id).switchIfEmpty(Mono.error(new NotFoundException(KIND, id)));
    }

    Mono<java.util.List<Account>> search(AccountFilter filter, String q, int limit) {
        return accounts.search(filter, q, limit).collectList();
    }

    Mono<Page<Account>> list(AccountFilter filter, PageRequest page) {
        return accounts.findPage(filter, page).collectList()
                .map(rows -> Page.of(rows, page, account -> Cursor.of(account.id())));
    }

    /**
     * Applies {@code edit} (the client's merge patch) to the current account. Stale {@code If-Match}
     * is a 412; a writer that commits between our read and our write makes the version check of
     * the UPDATE match no row — a 409, never a silent overwrite. A patch that changes nothing
     * writes nothing and announces nothing.
     */
    Mono<Account> update(UUID id, String ifMatch, Function<Account, Account> edit, CurrentUser caller) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return get(id)
                .flatMap(current -> {
                    Ownership.requireMayChange(current.ownerId(), caller, KIND);
                    ETags.requireMatch(ifMatch, current.version());
                    Account edited = edit.apply(current);
                    Ownership.requireMayAssign(current.ownerId(), edited.ownerId(), caller, KIND);
                    List<String> changed = current.changedFields(edited);
                    if (changed.isEmpty()) {
                        return Mono.just(current);
                    }
                    Account next = current.revisedTo(edited, now);
                    Mono<Void> hierarchy = changed.contains("parentAccountId") ? requireValidParent(next) : Mono.empty();
                    return hierarchy
                            .then(accounts.update(next, current.version()))
                            .flatMap(written -> written
                                    ? Mono.just(next)
                                    : Mono.error(new ConcurrentUpdateException(KIND, id)))
                            .flatMap(written -> announceUpdate(current, written, changed, caller.id()));
                })
                .as(tx::transactional);
    }

    /**
     * Deal closure: an opportunity of the account was won (inside the inbox's transaction). A
     * prospect becomes a customer; anything else changes nothing. A lost race retries the event.
     */
    Mono<Void> opportunityWon(UUID accountId, UUID opportunityId, String actor) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return accounts.findById(accountId)
                .switchIfEmpty(Mono.error(new NotFoundException(KIND, accountId)))
                .flatMap(current -> {
                    Account next = current.opportunityWon(now);
                    if (next == current) {
                        return Mono.<Void>empty();
                    }
                    return accounts.update(next, current.version())
                            .flatMap(written -> written ? Mono.<Void>empty() : Mono.error(new ConcurrentUpdateException(KIND, accountId)))
                            .then(outbox.append(AccountEvents.updated(next, List.of("relationshipType"), actor)))
                            .then(outbox.append(AccountEvents.relationshipChanged(current.relationshipType(), next, opportunityId, actor)));
                });
    }

    private Mono<Account> announceUpdate(Account before, Account after, List<String> changed, String actor) {
        Mono<Void> events = outbox.append(AccountEvents.updated(after, changed, actor));
        if (before.relationshipType() != after.relationshipType()) {
            events = events.then(outbox.append(AccountEvents.relationshipChanged(before.relationshipType(), after, actor)));
        }
        return events.thenReturn(after);
    }

    private Mono<Void> requireParentExists(Account account) {
        if (account.parentAccountId() == null) {
            return Mono.empty();
        }
        return accounts.exists(account.parentAccountId())
                .flatMap(exists -> exists ? Mono.<Void>empty() : Mono.error(noSuchParent()));
    }

    /** The new parent exists and is not the account itself or one of its descendants. */
    private Mono<Void> requireValidParent(Account next) {
        if (next.parentAccountId() == null) {
            return Mono.empty();
        }
        return accounts.lockHierarchy()
                .then(requireParentExists(next))
                .then(accounts.isSelfOrAncestor(next.id(), next.parentAccountId()))
                .flatMap(cycle -> cycle
                        ? Mono.<Void>error(new InvalidRequestException("parentAccountId",
                                "an account cannot be its own ancestor"))
                        : Mono.empty());
    }

    private static InvalidRequestException noSuchParent() {
        return new InvalidRequestException("parentAccountId", "no such account");
    }
}
