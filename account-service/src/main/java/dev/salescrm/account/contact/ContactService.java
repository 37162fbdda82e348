package dev.salescrm.account.contact;

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
import dev.salescrm.account.account.AccountRepository;
import dev.salescrm.account.contact.domain.Contact;
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
 * Contact use cases: each stores the change and its events in one transaction. Every reader sees
 * every contact; who may change which is {@link Ownership}'s call.
 */
@Service
class ContactService {

    private static final String KIND = "contact";

    private final ContactRepository contacts;
    private final AccountRepository accounts;
    private final OutboxWriter outbox;
    private final TimelineRepository timeline;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    ContactService(ContactRepository contacts, AccountRepository accounts, OutboxWriter outbox,
                   TimelineRepository timeline, TransactionalOperator tx) {
        this.contacts = contacts;
        this.accounts = accounts;
        this.outbox = outbox;
        this.timeline = timeline;
        this.tx = tx;
    }

    /** A new contact; its creation is on its timeline and on its account's, in the same transaction. */
    Mono<Contact> create(Function<Instant, Contact> draft, CurrentUser caller) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Mono.fromCallable(() -> draft.apply(now))
                .flatMap(contact -> requireAccountExists(contact.accountId())
                        .then(contacts.insertIfAbsent(contact))
                        .then(outbox.append(ContactEvents.created(contact, caller.id())))
                        .then(timeline.record(TimelineEntries.contactCreated(contact, caller.id())))
                        .thenReturn(contact))
                .as(tx::transactional);
    }

    Mono<Contact> get(UUID id) {
        return contacts.findById(id).switchIfEmpty(Mono.error(new NotFoundException(KIND, id)));
    }

    Mono<java.util.List<Contact>> search(ContactFilter filter, String q, int limit) {
        return contacts.search(filter, q, limit).collectList();
    }

    Mono<Page<Contact>> list(ContactFilter filter, PageRequest page) {
        return contacts.findPage(filter, page).collectList()
                .map(rows -> Page.of(rows, page, contact -> Cursor.of(contact.id())));
    }

    /** The contacts of an account that exists (404 otherwise). */
    Mono<Page<Contact>> listOfAccount(UUID accountId, PageRequest page) {
        return accounts.exists(accountId)
                .flatMap(exists -> exists
                        ? list(new ContactFilter(accountId, null), page)
                        : Mono.error(new NotFoundException("account", accountId)));
    }

    /** As for accounts: 412 on a stale If-Match, 409 when another writer wins between read and write. */
    Mono<Contact> update(UUID id, String ifMatch, Function<Contact, Contact> edit, CurrentUser caller) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return get(id)
                .flatMap(current -> {
                    Ownership.requireMayChange(current.ownerId(), caller, KIND);
                    ETags.requireMatch(ifMatch, current.version());
                    Contact edited = edit.apply(current);
                    Ownership.requireMayAssign(current.ownerId(), edited.ownerId(), caller, KIND);
                    List<String> changed = current.changedFields(edited);
                    if (changed.isEmpty()) {
                        return Mono.just(current);
                    }
                    Contact next = current.revisedTo(edited, now);
                    Mono<Void> account = changed.contains("accountId") ? requireAccountExists(next.accountId()) : Mono.empty();
                    return account
                            .then(contacts.update(next, current.version()))
                            .flatMap(written -> written
                                    ? outbox.append(ContactEvents.updated(next, changed, null, caller.id())).thenReturn(next)
                                    : Mono.error(new ConcurrentUpdateException(KIND, id)));
                })
                .as(tx::transactional);
    }

    private Mono<Void> requireAccountExists(UUID accountId) {
        if (accountId == null) {
            return Mono.empty();
        }
        return accounts.exists(accountId)
                .flatMap(exists -> exists
                        ? Mono.<Void>empty()
                        : Mono.error(new InvalidRequestException("accountId", "no such account")));
    }
}
