package dev.salescrm.account.contact;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import dev.salescrm.account.access.Ownership;
import dev.salescrm.account.contact.domain.Contact;
import dev.salescrm.account.matching.CustomerMatches;
import dev.salescrm.account.matching.DuplicateResponses;
import dev.salescrm.account.web.MergePatch;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/** The contact API (API.md, "account-service"), and an account's contacts. */
@RestController
class ContactController {

    private final ContactService contacts;
    private final MergePatch mergePatch;
    private final CustomerMatches matches;

    ContactController(ContactService contacts, MergePatch mergePatch, CustomerMatches matches) {
        this.matches = matches;
        this.contacts = contacts;
        this.mergePatch = mergePatch;
    }

    /**
     * What a client may set on a contact — in a create, and as the result of a merge patch.
     * Anything else (id, version, sourceLeadId, createdAt…) is an unknown field: 400.
     */
    record ContactFields(
            @Size(max = 100) String firstName,
            @NotBlank @Size(max = 100) String lastName,
            UUID accountId,
            @Size(max = 100) String jobTitle,
            @Email @Size(max = 320) String email,
            @Size(max = 50) String phone,
            @Size(max = 200) String ownerId) {

        static ContactFields of(Contact c) {
            return new ContactFields(c.firstName(), c.lastName(), c.accountId(), c.jobTitle(), c.email(), c.phone(),
                    c.ownerId());
        }
    }

    record ContactResponse(UUID id, String firstName, String lastName, UUID accountId, String jobTitle, String email,
                           String phone, String ownerId, UUID sourceLeadId, long version, Instant createdAt,
                           String createdBy, Instant updatedAt) {

        static ContactResponse of(Contact c) {
            return new ContactResponse(c.id(), c.firstName(), c.lastName(), c.accountId(), c.jobTitle(), c.email(),
                    c.phone(), c.ownerId(), c.sourceLeadId(), c.version(), c.createdAt(), c.createdBy(), c.updatedAt());
        }
    }

    /** 201 with {@code duplicates} (contacts and accounts that match); {@code ?onDuplicate=reject} → 409 instead. */
    @PostMapping("/api/contacts")
    Mono<ResponseEntity<Object>> create(@Valid @RequestBody ContactFields request,
                                        @RequestParam(required = false) String onDuplicate) {
        boolean reject = DuplicateResponses.reject(onDuplicate);
        return CurrentUser.required()
                .flatMap(caller -> {
                    String ownerId = Ownership.ownerOfNew(request.ownerId(), caller, "contact");
                    return matches.find(new CustomerMatches.Probe(request.firstName(), request.lastName(), null,
                            request.email(), request.phone()), null).flatMap(found -> {
                        if (reject && !found.isEmpty()) {
                            return Mono.just(DuplicateResponses.conflict("contact", found));
                        }
                        return contacts.create(now -> Contact.open(Ids.newId(), request.firstName(), request.lastName(),
                                        request.accountId(), request.jobTitle(), request.email(), request.phone(), ownerId,
                                        null, caller.id(), now), caller)
                                .map(contact -> ResponseEntity.created(URI.create("/api/contacts/" + contact.id()))
                                        .eTag(ETags.of(contact.version()))
                                        .<Object>body(new DuplicateResponses.Created<>(ContactResponse.of(contact), found)));
                    });
                });
    }

    @GetMapping("/api/contacts/{id}")
    Mono<ResponseEntity<ContactResponse>> get(@PathVariable UUID id) {
        return contacts.get(id)
                .map(contact -> ResponseEntity.ok().eTag(ETags.of(contact.version())).body(ContactResponse.of(contact)));
    }

    /** Newest first. */
    @GetMapping("/api/contacts")
    Mono<Page<ContactResponse>> list(@RequestParam(required = false) UUID accountId,
                                     @RequestParam(required = false) String ownerId,
                                     @RequestParam(required = false) String q, PageRequest page) {
        if (q != null) {
            if (page.hasCursor()) {
                return Mono.error(new InvalidRequestException("cursor", "a search (q) has no further pages"));
            }
            return contacts.search(new ContactFilter(accountId, ownerId), q, page.limit())
                    .map(rows -> new Page<>(rows.stream().map(ContactResponse::of).toList(), null));
        }
        return contacts.list(new ContactFilter(accountId, ownerId), page).map(result -> result.map(ContactResponse::of));
    }

    /** The account's contacts, newest first; 404 for an account that does not exist. */
    @GetMapping("/api/accounts/{id}/contacts")
    Mono<Page<ContactResponse>> ofAccount(@PathVariable UUID id, PageRequest page) {
        return contacts.listOfAccount(id, page).map(result -> result.map(ContactResponse::of));
    }

    /** JSON merge patch: an absent field stays, {@code null} clears it. */
    @PatchMapping(value = "/api/contacts/{id}", consumes = {"application/merge-patch+json", "application/json"})
    Mono<ResponseEntity<ContactResponse>> update(@PathVariable UUID id,
                                                 @RequestHeader(value = ETags.IF_MATCH, required = false) String ifMatch,
                                                 @RequestBody JsonNode patch) {
        return CurrentUser.required()
                .flatMap(caller -> contacts.update(id, ifMatch, current -> edited(current, patch), caller))
                .map(contact -> ResponseEntity.ok().eTag(ETags.of(contact.version())).body(ContactResponse.of(contact)));
    }

    private Contact edited(Contact current, JsonNode patch) {
        ContactFields f = mergePatch.apply(ContactFields.of(current), patch, ContactFields.class);
        return new Contact(current.id(), f.firstName(), f.lastName(), f.accountId(), f.jobTitle(), f.email(), f.phone(),
                f.ownerId(), current.sourceLeadId(), current.version(), current.createdAt(), current.createdBy(),
                current.updatedAt());
    }
}
