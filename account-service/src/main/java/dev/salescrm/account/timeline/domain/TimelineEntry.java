package dev.salescrm.account.timeline.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One line of an account's or a contact's story. Immutable; built by {@link TimelineEntries}.
 *
 * @param id         unique; for an entry recorded from an event, derived from the event's id, so a
 *                   redelivered event cannot add it twice
 * @param occurredAt when it happened (not when account-service learned of it), to the microsecond
 * @param summary    one line for people, in English; the structured facts are in refs and details
 * @param actor      who did it (an identity subject), when a person did
 * @param refs       the ids of what the entry is about (account, contact, lead, opportunity, order…)
 * @param details    what the kind carries: amounts, numbers, reasons, an activity's fields
 */
public record TimelineEntry(UUID id, TimelineKind kind, Instant occurredAt, Customer customer, String summary,
                           String actor, Map<String, UUID> refs, Map<String, Object> details) {

    public TimelineEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(customer, "customer");
        if (customer.isNobody()) {
            throw new IllegalArgumentException("a timeline entry belongs to an account or a contact");
        }
        if (summary == null || summary.isBlank()) {
            throw new IllegalArgumentException("a timeline entry needs a summary");
        }
        refs = withoutNulls(refs);
        details = withoutNulls(details);
    }

    public UUID accountId() {
        return customer.accountId();
    }

    public UUID contactId() {
        return customer.contactId();
    }

    private static <V> Map<String, V> withoutNulls(Map<String, V> values) {
        Map<String, V> copy = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((key, value) -> {
                if (value != null) {
                    copy.put(key, value);
                }
            });
        }
        return Collections.unmodifiableMap(copy);
    }
}
