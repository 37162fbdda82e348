package dev.salescrm.account.timeline;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import dev.salescrm.account.timeline.domain.TimelineKind;

/**
 * A timeline entry as the API shows it: {@code {id, kind, occurredAt, summary, refs, actor, details}}.
 * {@code refs} holds the ids the entry is about ({@code accountId}, {@code contactId}, {@code leadId},
 * {@code opportunityId}, {@code orderId}, {@code invoiceId}, {@code activityId}…); {@code details}
 * what its kind carries (money as {@code {amount, currency}}, times as ISO-8601 UTC).
 */
record TimelineItem(UUID id, TimelineKind kind, Instant occurredAt, String summary, JsonNode refs, String actor,
                    JsonNode details) {
}
