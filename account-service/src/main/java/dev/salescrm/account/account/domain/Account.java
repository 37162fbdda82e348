package dev.salescrm.account.account.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An account: an organisation in the customer database. Immutable; a change returns the next
 * version of the account.
 *
 * @param parentAccountId the account this one belongs to (a subsidiary's group), or null
 * @param ownerId         the user responsible for the account (an identity subject)
 * @param sourceLeadId    the lead the account was qualified from, or null; never changes
 * @param version         optimistic-concurrency version, starts at 1, exposed as the ETag
 */
public record Account(UUID id, String name, String accountNumber, String website, String email, String phone,
                      String industry, UUID parentAccountId, String ownerId, RelationshipType relationshipType,
                      Address address, UUID sourceLeadId, long version, Instant createdAt, String createdBy,
                      Instant updatedAt) {

    public Account {
        Objects.requireNonNull(id, "id");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an account needs a name");
        }
        Objects.requireNonNull(relationshipType, "relationshipType");
        if (id.equals(parentAccountId)) {
            throw new IllegalArgumentException("an account cannot be its own parent");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A new account at version 1; the relationship starts as PROSPECT unless told otherwise. */
    public static Account open(UUID id, String name, String accountNumber, String website, String email, String phone,
                               String industry, UUID parentAccountId, String ownerId, RelationshipType relationshipType,
                               Address address, UUID sourceLeadId, String actor, Instant now) {
        return new Account(id, name, accountNumber, website, email, phone, industry, parentAccountId, ownerId,
                relationshipType == null ? RelationshipType.PROSPECT : relationshipType, address, sourceLeadId, 1,
                now, actor, now);
    }

    /**
     * This account with the editable fields of {@code edited} (identity, origin and audit fields
     * stay as they are), as the next version.
     */
    public Account revisedTo(Account edited, Instant now) {
        return new Account(id, edited.name, edited.accountNumber, edited.website, edited.email, edited.phone,
                edited.industry, edited.parentAccountId, edited.ownerId, edited.relationshipType, edited.address,
                sourceLeadId, version + 1, createdAt, createdBy, now);
    }

    /**
     * One of this account's opportunities was won: a prospect becomes a customer. Any other
     * relationship (already a customer, a partner, a competitor, other) is left as it is.
     */
    public Account opportunityWon(Instant now) {
        if (relationshipType != RelationshipType.PROSPECT) {
            return this;
        }
        return new Account(id, name, accountNumber, website, email, phone, industry, parentAccountId, ownerId,
                RelationshipType.CUSTOMER, address, sourceLeadId, version + 1, createdAt, createdBy, now);
    }

    /** Names of the editable fields (as the API spells them) in which {@code other} differs from this. */
    public List<String> changedFields(Account other) {
        List<String> changed = new ArrayList<>();
        diff(changed, "name", name, other.name);
        diff(changed, "accountNumber", accountNumber, other.accountNumber);
        diff(changed, "website", website, other.website);
        diff(changed, "email", email, other.email);
        diff(changed, "phone", phone, other.phone);
        diff(changed, "industry", industry, other.industry);
        diff(changed, "parentAccountId", parentAccountId, other.parentAccountId);
        diff(changed, "ownerId", ownerId, other.ownerId);
        diff(changed, "relationshipType", relationshipType, other.relationshipType);
        diff(changed, "address", address, other.address);
        return changed;
    }

    private static void diff(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }
}
