package dev.salescrm.account.timeline;

import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.salescrm.account.account.AccountRepository;
import dev.salescrm.account.contact.ContactRepository;
import dev.salescrm.platform.web.NotFoundException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * An account's and a contact's timeline (API.md): activities and lifecycle entries, newest first,
 * keyset pages on ({@code occurredAt}, {@code id}). Read from account-service's own table only, so
 * it answers while the services whose events fed it are down. Every reader of the customer
 * database reads every timeline ("read all"); an account or contact that does not exist is a 404,
 * even when entries about it were already recorded from events (they show once it arrives).
 */
@RestController
class TimelineController {

    private final TimelineRepository timeline;
    private final AccountRepository accounts;
    private final ContactRepository contacts;

    TimelineController(TimelineRepository timeline, AccountRepository accounts, ContactRepository contacts) {
        this.timeline = timeline;
        this.accounts = accounts;
        this.contacts = contacts;
    }

    @GetMapping("/api/accounts/{id}/timeline")
    Mono<Page<TimelineItem>> ofAccount(@PathVariable UUID id, PageRequest page) {
        return accounts.exists(id)
                .flatMap(exists -> exists
                        ? timeline.pageOfAccount(id, page).collectList()
                        : Mono.error(new NotFoundException("account", id)))
                .map(rows -> Page.of(rows, page, TimelineCursor::after));
    }

    @GetMapping("/api/contacts/{id}/timeline")
    Mono<Page<TimelineItem>> ofContact(@PathVariable UUID id, PageRequest page) {
        return contacts.findById(id)
                .switchIfEmpty(Mono.error(new NotFoundException("contact", id)))
                .flatMap(contact -> timeline.pageOfContact(id, page).collectList())
                .map(rows -> Page.of(rows, page, TimelineCursor::after));
    }
}
