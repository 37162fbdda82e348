package dev.salescrm.account.timeline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import dev.salescrm.account.timeline.domain.Amount;
import dev.salescrm.platform.inbox.IncomingEvent;
import dev.salescrm.platform.inbox.PoisonEventException;

/**
 * Reading the fields of another service's event as its schema has them. A required field that is
 * missing, or any field that is not what the schema says (an id that is no UUID, a time that is no
 * ISO-8601 instant), is a poison event: retrying cannot fix it, so it is parked at once.
 */
public final class EventFields {

    private EventFields() {
    }

    public static UUID requiredUuid(IncomingEvent event, String field) {
        return parseUuid(event, field, event.requiredText(field));
    }

    /** An optional id, or null. */
    public static UUID uuid(IncomingEvent event, String field) {
        String value = event.text(field);
        return value == null || value.isBlank() ? null : parseUuid(event, field, value);
    }

    /** {@code occurredAt}, which every payload has. */
    public static Instant occurredAt(IncomingEvent event) {
        return parseInstant(event, "occurredAt", event.requiredText("occurredAt"));
    }

    /** An optional instant, or null. */
    public static Instant instant(IncomingEvent event, String field) {
        String value = event.text(field);
        return value == null || value.isBlank() ? null : parseInstant(event, field, value);
    }

    /** An optional date ({@code 2026-11-26}), or null. */
    public static LocalDate date(IncomingEvent event, String field) {
        String value = event.text(field);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw poison(event, field + " is not a date");
        }
    }

    /** Optional money ({@code {amount, currency}}) at {@code node}, as it was sent; null when absent. */
    public static Amount amount(IncomingEvent event, JsonNode node, String field) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        JsonNode amount = node.get("amount");
        JsonNode currency = node.get("currency");
        if (!node.isObject() || amount == null || !amount.isString() || currency == null || !currency.isString()) {
            throw poison(event, field + " is not {amount, currency}");
        }
        return new Amount(amount.asString(), currency.asString());
    }

    /** An optional text, or null when absent or blank. */
    public static String text(IncomingEvent event, String field) {
        String value = event.text(field);
        return value == null || value.isBlank() ? null : value;
    }

    private static UUID parseUuid(IncomingEvent event, String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw poison(event, field + " is not a UUID");
        }
    }

    private static Instant parseInstant(IncomingEvent event, String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw poison(event, field + " is not an ISO-8601 instant");
        }
    }

    private static PoisonEventException poison(IncomingEvent event, String why) {
        return new PoisonEventException(event.type() + " " + event.id() + ": " + why);
    }
}
