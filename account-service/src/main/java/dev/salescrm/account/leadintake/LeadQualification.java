package dev.salescrm.account.leadintake;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import dev.salescrm.account.account.AccountEvents;
import dev.salescrm.account.account.AccountRepository;
import dev.salescrm.account.account.EarlyWins;
import dev.salescrm.account.account.domain.Account;
import dev.salescrm.account.account.domain.RelationshipType;
import dev.salescrm.account.contact.ContactEvents;
import dev.salescrm.account.contact.ContactRepository;
import dev.salescrm.account.contact.domain.Contact;
import dev.salescrm.account.leadintake.ConversionEvents.RejectionReason;
import dev.salescrm.account.timeline.TimelineRepository;
import dev.salescrm.account.timeline.domain.TimelineEntries;
import dev.salescrm.platform.outbox.OutboxWriter;
import dev.salescrm.platform.web.ConcurrentUpdateException;

/**
 * account-service's step of the qualification saga (docs/qualification-saga.md): create or link
 * the account and contact a qualified lead names, with exactly the ids lead-service allocated, and
 * answer — or, when an EXISTING record named does not exist, create nothing and reject.
 *
 * <p>Runs inside the inbox's transaction, so the records, their events, the answer and the
 * event id commit together or not at all. Creating is also idempotent on its own (an id already
 * there is left alone and not announced again), should the same ids come in another event.
 */
@Service
class LeadQualification {

    private final AccountRepository accounts;
    private final ContactRepository contacts;
    private final OutboxWriter outbox;
    private final TimelineRepository timeline;
    private final EarlyWins earlyWins;
    private final Clock clock = Clock.systemUTC();

    LeadQualification(AccountRepository accounts, ContactRepository contacts, OutboxWriter outbox,
                      TimelineRepository timeline, EarlyWins earlyWins) {
        this.accounts = accounts;
        this.contacts = contacts;
        this.outbox = outbox;
        this.timeline = timeline;
        this.earlyWins = earlyWins;
    }

    Mono<Void> honour(QualifiedLead q) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Mono<Boolean> accountMissing = q.account() != null && !q.account().create()
                ? accounts.exists(q.account().id()).map(exists -> !exists)
                : Mono.just(false);
        return accountMissing.flatMap(missing -> {
            if (missing) {
                return reject(q, RejectionReason.ACCOUNT_NOT_FOUND, "account " + q.account().id() + " does not exist", now);
            }
            if (q.contact() != null && !q.contact().create()) {
                return contacts.findById(q.contact().id())
                        .flatMap(existing -> accept(q, existing, now).thenReturn(true))
                        .switchIfEmpty(Mono.defer(() -> reject(q, RejectionReason.CONTACT_NOT_FOUND,
                                "contact " + q.contact().id() + " does not exist", now).thenReturn(true)))
                        .then();
            }
            return accept(q, null, now);
        });
    }

    private Mono<Void> reject(QualifiedLead q, RejectionReason reason, String detail, Instant now) {
        return outbox.append(ConversionEvents.rejected(q, reason, detail, now));
    }

    /** {@code existingContact} is the contact named EXISTING, or null when the contact is new or absent. */
    private Mono<Void> accept(QualifiedLead q, Contact existingContact, Instant now) {
        UUID accountId = q.account() == null ? null : q.account().id();
        Mono<Void> account = q.account() != null && q.account().create() ? createAccount(q, now) : Mono.empty();
        Mono<Void> contact;
        if (q.contact() == null) {
            contact = Mono.empty();
        } else if (q.contact().create()) {
            contact = createContact(q, accountId, now);
        } else {
            contact = linkContact(q, existingContact, accountId, now);
        }
        return account.then(contact).then(outbox.append(ConversionEvents.accepted(q, now)));
    }

    private Mono<Void> createAccount(QualifiedLead q, Instant now) {
        var lead = q.lead();
        Account account = Account.open(q.account().id(), accountName(q), null, lead.website(), lead.email(),
                lead.phone(), null, null, lead.ownerId(), RelationshipType.PROSPECT, null, q.leadId(), q.actor(), now);
        return accounts.insertIfAbsent(account)
                .flatMap(inserted -> inserted
                        ? outbox.append(AccountEvents.created(account, q.actor()))
                                .then(timeline.record(TimelineEntries.accountCreated(account, q.actor())))
                                .then(earlyWins.applyTo(account.id()))
                        : Mono.empty());
    }

    private Mono<Void> createContact(QualifiedLead q, UUID accountId, Instant now) {
        var lead = q.lead();
        Contact contact = Contact.open(q.contact().id(), lead.firstName(), contactLastName(q), accountId,
                lead.jobTitle(), lead.email(), lead.phone(), lead.ownerId(), q.leadId(), q.actor(), now);
        return contacts.insertIfAbsent(contact)
                .flatMap(inserted -> inserted
                        ? outbox.append(ContactEvents.created(contact, q.actor()))
                                .then(timeline.record(TimelineEntries.contactCreated(contact, q.actor()))).then()
                        : Mono.empty());
    }

    /** An existing contact without an account joins the lead's account; one with an account stays where it is. */
    private Mono<Void> linkContact(QualifiedLead q, Contact existing, UUID accountId, Instant now) {
        if (accountId == null || existing.accountId() != null) {
            return Mono.empty();
        }
        Contact linked = existing.linkedTo(accountId, now);
        return contacts.update(linked, existing.version())
                .flatMap(written -> written
                        ? outbox.append(ContactEvents.updated(linked, List.of("accountId"), q.leadId(), q.actor()))
                        // Another writer changed the contact meanwhile: fail, and the retry reads it again.
                        : Mono.error(new ConcurrentUpdateException("contact", existing.id())));
    }

    /** The company, else the person: a lead has one or the other. */
    private static String accountName(QualifiedLead q) {
        var lead = q.lead();
        if (lead.companyName() != null) {
            return limit(lead.companyName(), 200);
        }
        String person = ((lead.firstName() == null ? "" : lead.firstName()) + " "
                + (lead.lastName() == null ? "" : lead.lastName())).strip();
        return person.isEmpty() ? "Lead " + q.leadId() : limit(person, 200);
    }

    /** A contact needs a last name; a lead with only a company name lends it (the lead's only name). */
    private static String contactLastName(QualifiedLead q) {
        var lead = q.lead();
        if (lead.lastName() != null) {
            return limit(lead.lastName(), 100);
        }
        return lead.companyName() != null ? limit(lead.companyName(), 100) : "Lead " + q.leadId();
    }

    private static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
