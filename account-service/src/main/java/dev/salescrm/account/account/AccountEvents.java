package dev.salescrm.account.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.salescrm.account.account.domain.Account;
import dev.salescrm.account.account.domain.Address;
import dev.salescrm.account.account.domain.RelationshipType;
import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.outbox.OutboxEvent;

/**
 * The account events other teams consume (EVENTS.md; schemas in contracts). Written deliberately
 * here, never by serialising the domain object. Key: the account id.
 */
public final class AccountEvents {

    static final String AGGREGATE = "account";

    private AccountEvents() {
    }

    /**
     * The schemas' shared address ({@code common.json#/$defs/address}): the API's street is its
     * {@code line1} and the API's state or province its {@code region}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AddressV1(String line1, String city, String region, String postalCode, String country) {

        static AddressV1 of(Address address) {
            return address == null ? null : new AddressV1(address.street(), address.city(), address.stateOrProvince(),
                    address.postalCode(), address.country());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AccountCreatedV1(UUID accountId, String name, String accountNumber, String website, String email,
                            String phone, String industry, UUID parentAccountId, String ownerId,
                            String relationshipType, AddressV1 address, long version, UUID sourceLeadId,
                            Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AccountUpdatedV1(UUID accountId, String name, String accountNumber, String website, String email,
                            String phone, String industry, UUID parentAccountId, String ownerId,
                            String relationshipType, AddressV1 address, long version, List<String> changedFields,
                            Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AccountRelationshipChangedV1(UUID accountId, String previousRelationshipType, String relationshipType,
                                        UUID causeOpportunityId, long version, Instant occurredAt, String actor) {
    }

    public static OutboxEvent created(Account a, String actor) {
        var payload = new AccountCreatedV1(a.id(), a.name(), a.accountNumber(), a.website(), a.email(), a.phone(),
                a.industry(), a.parentAccountId(), a.ownerId(), a.relationshipType().name(), AddressV1.of(a.address()),
                a.version(), a.sourceLeadId(), a.createdAt(), actor);
        return OutboxEvent.of(Topics.ACCOUNT_EVENTS, AGGREGATE, a.id(), EventTypes.ACCOUNT_CREATED, payload);
    }

    /** The account after the change, with the names of the fields the change touched. */
    static OutboxEvent updated(Account a, List<String> changedFields, String actor) {
        var payload = new AccountUpdatedV1(a.id(), a.name(), a.accountNumber(), a.website(), a.email(), a.phone(),
                a.industry(), a.parentAccountId(), a.ownerId(), a.relationshipType().name(), AddressV1.of(a.address()),
                a.version(), List.copyOf(changedFields), a.updatedAt(), actor);
        return OutboxEvent.of(Topics.ACCOUNT_EVENTS, AGGREGATE, a.id(), EventTypes.ACCOUNT_UPDATED, payload);
    }

    static OutboxEvent relationshipChanged(RelationshipType before, Account after, String actor) {
        return relationshipChanged(before, after, null, actor);
    }

    /** @param causeOpportunityId the won opportunity that made a prospect a customer, if that was the cause */
    static OutboxEvent relationshipChanged(RelationshipType before, Account after, UUID causeOpportunityId, String actor) {
        var payload = new AccountRelationshipChangedV1(after.id(), before.name(), after.relationshipType().name(),
                causeOpportunityId, after.version(), after.updatedAt(), actor);
        return OutboxEvent.of(Topics.ACCOUNT_EVENTS, AGGREGATE, after.id(), EventTypes.ACCOUNT_RELATIONSHIP_CHANGED,
                payload);
    }
}
