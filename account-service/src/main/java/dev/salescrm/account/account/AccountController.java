package dev.salescrm.account.account;

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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import dev.salescrm.account.access.Ownership;
import dev.salescrm.account.account.domain.Account;
import dev.salescrm.account.account.domain.Address;
import dev.salescrm.account.account.domain.RelationshipType;
import dev.salescrm.account.matching.CustomerMatches;
import dev.salescrm.account.matching.DuplicateResponses;
import dev.salescrm.account.web.MergePatch;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/** The account API (API.md, "account-service"). */
@RestController
@RequestMapping("/api/accounts")
class AccountController {

    private final AccountService accounts;
    private final MergePatch mergePatch;
    private final CustomerMatches matches;

    AccountController(AccountService accounts, MergePatch mergePatch, CustomerMatches matches) {
        this.matches = matches;
        this.accounts = accounts;
        this.mergePatch = mergePatch;
    }

    record AddressFields(@Size(max = 300) String street, @Size(max = 100) String city,
                         @Size(max = 100) String stateOrProvince, @Size(max = 30) String postalCode,
                         @Size(max = 100) String country) {

        Address toAddress() {
            return Address.orNull(street, city, stateOrProvince, postalCode, country);
        }

        static AddressFields of(Address a) {
            return a == null ? null : new AddressFields(a.street(), a.city(), a.stateOrProvince(), a.postalCode(), a.country());
        }
    }

    /**
     * What a client may set on an account — in a create, and as the result of a merge patch.
     * Anything else (id, version, sourceLeadId, createdAt…) is an unknown field: 400.
     */
    record AccountFields(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 100) String accountNumber,
            @Size(max = 500) String website,
            @Email @Size(max = 320) String email,
            @Size(max = 50) String phone,
            @Size(max = 100) String industry,
            UUID parentAccountId,
            @Size(max = 200) String ownerId,
            RelationshipType relationshipType,
            @Valid AddressFields address) {

        static AccountFields of(Account a) {
            return new AccountFields(a.name(), a.accountNumber(), a.website(), a.email(), a.phone(), a.industry(),
                    a.parentAccountId(), a.ownerId(), a.relationshipType(), AddressFields.of(a.address()));
        }

        Address toAddress() {
            return address == null ? null : address.toAddress();
        }
    }

    record AddressResponse(String street, String city, String stateOrProvince, String postalCode, String country) {
    }

    record AccountResponse(UUID id, String name, String accountNumber, String website, String email, String phone,
                           String industry, UUID parentAccountId, String ownerId, RelationshipType relationshipType,
                           AddressResponse address, UUID sourceLeadId, long version, Instant createdAt,
                           String createdBy, Instant updatedAt) {

        static AccountResponse of(Account a) {
            Address ad = a.address();
            return new AccountResponse(a.id(), a.name(), a.accountNumber(), a.website(), a.email(), a.phone(),
                    a.industry(), a.parentAccountId(), a.ownerId(), a.relationshipType(),
                    ad == null ? null : new AddressResponse(ad.street(), ad.city(), ad.stateOrProvince(),
                            ad.postalCode(), ad.country()),
                    a.sourceLeadId(), a.version(), a.createdAt(), a.createdBy(), a.updatedAt());
        }
    }

    /** 201 with {@code duplicates} (contacts and accounts that match); {@code ?onDuplicate=reject} → 409 instead. */
    @PostMapping
    Mono<ResponseEntity<Object>> create(@Valid @RequestBody AccountFields request,
                                        @RequestParam(required = false) String onDuplicate) {
        boolean reject = DuplicateResponses.reject(onDuplicate);
        return CurrentUser.required()
                .flatMap(caller -> {
                    String ownerId = Ownership.ownerOfNew(request.ownerId(), caller, "account");
                    return matches.find(new CustomerMatches.Probe(null, null, request.name(), request.email(),
                            request.phone()), null).flatMap(found -> {
                        if (reject && !found.isEmpty()) {
                            return Mono.just(DuplicateResponses.conflict("account", found));
                        }
                        return accounts.create(now -> Account.open(Ids.newId(), request.name(), request.accountNumber(),
                                        request.website(), request.email(), request.phone(), request.industry(),
                                        request.parentAccountId(), ownerId, request.relationshipType(), request.toAddress(),
                                        null, caller.id(), now), caller)
                                .map(account -> ResponseEntity.created(URI.create("/api/accounts/" + account.id()))
                                        .eTag(ETags.of(account.version()))
                                        .<Object>body(new DuplicateResponses.Created<>(AccountResponse.of(account), found)));
                    });
                });
    }

    @GetMapping("/{id}")
    Mono<ResponseEntity<AccountResponse>> get(@PathVariable UUID id) {
        return accounts.get(id)
                .map(account -> ResponseEntity.ok().eTag(ETags.of(account.version())).body(AccountResponse.of(account)));
    }

    /** Newest first. */
    @GetMapping
    Mono<Page<AccountResponse>> list(@RequestParam(required = false) RelationshipType relationshipType,
                                     @RequestParam(required = false) String ownerId,
                                     @RequestParam(required = false) UUID parentAccountId,
                                     @RequestParam(required = false) String q, PageRequest page) {
        if (q != null) {
            // Ranked: the first `limit` matches, best first, and no next page.
            if (page.hasCursor()) {
                return Mono.error(new InvalidRequestException("cursor", "a search (q) has no further pages"));
            }
            return accounts.search(new AccountFilter(relationshipType, ownerId, parentAccountId), q, page.limit())
                    .map(rows -> new Page<>(rows.stream().map(AccountResponse::of).toList(), null));
        }
        return accounts.list(new AccountFilter(relationshipType, ownerId, parentAccountId), page)
                .map(result -> result.map(AccountResponse::of));
    }

    /** JSON merge patch: an absent field stays, {@code null} clears it. */
    @PatchMapping(value = "/{id}", consumes = {"application/merge-patch+json", "application/json"})
    Mono<ResponseEntity<AccountResponse>> update(@PathVariable UUID id,
                                                 @RequestHeader(value = ETags.IF_MATCH, required = false) String ifMatch,
                                                 @RequestBody JsonNode patch) {
        return CurrentUser.required()
                .flatMap(caller -> accounts.update(id, ifMatch, current -> edited(current, patch), caller))
                .map(account -> ResponseEntity.ok().eTag(ETags.of(account.version())).body(AccountResponse.of(account)));
    }

    private Account edited(Account current, JsonNode patch) {
        AccountFields f = mergePatch.apply(AccountFields.of(current), patch, AccountFields.class);
        if (f.relationshipType() == null) {
            throw new InvalidRequestException("relationshipType", "cannot be cleared");
        }
        if (current.id().equals(f.parentAccountId())) {
            throw new InvalidRequestException("parentAccountId", "an account cannot be its own ancestor");
        }
        return new Account(current.id(), f.name(), f.accountNumber(), f.website(), f.email(), f.phone(), f.industry(),
                f.parentAccountId(), f.ownerId(), f.relationshipType(), f.toAddress(), current.sourceLeadId(),
                current.version(), current.createdAt(), current.createdBy(), current.updatedAt());
    }
}
