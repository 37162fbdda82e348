package dev.salescrm.account.contact.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A contact: a person in the customer database, optionally working at an account. Immutable; a
 * change returns the next version.
 *
 * @param accountId    the account the person works at, or null
 * @param sourceLeadId the lead the contact was qualified from, or null; never changes
 * @param version      optimistic-concurrency version, starts at 1, exposed as the ETag
 */
public record Contact(UUID id, String firstName, String lastName, UUID accountId, String jobTitle, String email,
                      String phone, String ownerId, UUID sourceLeadId, long version, Instant createdAt,
                      String createdBy, Instant updatedAt) {

    public Contact {
        Objects.requireNonNull(id, "id");
        if (lastName == null || lastName.isBlank()) {
            throw new IllegalArgumentException("a contact needs a last name");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public static Contact open(UUID id, String firstName, String lastName, UUID accountId, String jobTitle,
                               String email, String phone, String ownerId, UUID sourceLeadId, String actor,
                               Instant now) {
        return new Contact(id, firstName, lastName, accountId, jobTitle, email, phone, ownerId, sourceLeadId, 1, now,
                actor, now);
    }

    /** This contact with the editable fields of {@code edited}, as the next version. */
    public Contact revisedTo(Contact edited, Instant now) {
        return new Contact(id, edited.firstName, edited.lastName, edited.accountId, edited.jobTitle, edited.email,
                edited.phone, edited.ownerId, sourceLeadId, version + 1, createdAt, createdBy, now);
    }

    /** This contact moved under {@code account}, as the next version. */
    public Contact linkedTo(UUID account, Instant now) {
        return new Contact(id, firstName, lastName, account, jobTitle, email, phone, ownerId, sourceLeadId,
                version + 1, createdAt, createdBy, now);
    }

    /** Names of the editable fields (as the API spells them) in which {@code other} differs from this. */
    public List<String> changedFields(Contact other) {
        List<String> changed = new ArrayList<>();
        diff(changed, "firstName", firstName, other.firstName);
        diff(changed, "lastName", lastName, other.lastName);
        diff(changed, "accountId", accountId, other.accountId);
        diff(changed, "jobTitle", jobTitle, other.jobTitle);
        diff(changed, "email", email, other.email);
        diff(changed, "phone", phone, other.phone);
        diff(changed, "ownerId", ownerId, other.ownerId);
        return changed;
    }

    private static void diff(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }
}
