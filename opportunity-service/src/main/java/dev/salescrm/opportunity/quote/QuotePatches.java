package dev.salescrm.opportunity.quote;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import tools.jackson.databind.JsonNode;

import dev.salescrm.opportunity.quote.domain.Quote;
import dev.salescrm.opportunity.quote.domain.QuoteLine;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.InvalidRequestException.Violation;

/**
 * JSON merge patches (RFC 7396) of a quote and of a quote line: a member that is absent stays as it
 * is, {@code null} clears it (where it may be cleared). Only what a seller edits is accepted: status,
 * ids, versions, prices of catalog lines are not fields of a patch (a 400 naming them).
 */
final class QuotePatches {

    private QuotePatches() {
    }

    /**
     * The patch's members read one by one; a member that is not among {@code fields}, or whose value
     * does not read, is a violation, and all violations are reported together.
     */
    private static Map<String, Object> readFields(JsonNode patch, Set<String> fields,
                                                  BiFunction<String, JsonNode, Object> reader) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        for (var member : members(patch)) {
            String field = member.getKey();
            if (!fields.contains(field)) {
                violations.add(new Violation(field, "is not a field that can be changed"));
                continue;
            }
            try {
                values.put(field, reader.apply(field, member.getValue()));
            } catch (InvalidRequestException e) {
                violations.addAll(e.violations());
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return values;
    }

    /** Changes to a quote's name, description, validity and quote discount. */
    record QuoteChanges(Map<String, Object> values) {

        private static final Set<String> FIELDS = Set.of("name", "description", "validUntil", "discount");

        static QuoteChanges parse(JsonNode patch) {
            return new QuoteChanges(readFields(patch, FIELDS, (field, value) -> switch (field) {
                case "name" -> requiredText(field, value);
                case "description" -> value.isNull() ? null : text(field, value);
                case "validUntil" -> date(field, value);
                default -> value.isNull() ? null : money(field, value);
            }));
        }

        Quote.Details applyTo(Quote quote) {
            return new Quote.Details(pick("name", quote.name()), pick("description", quote.description()),
                    pick("validUntil", quote.validUntil()), pick("discount", quote.discount()));
        }

        @SuppressWarnings("unchecked")
        private <T> T pick(String field, T current) {
            return values.containsKey(field) ? (T) values.get(field) : current;
        }
    }

    /** Changes to a line: quantity, manual discount, description, and a write-in's price per unit. */
    record LineChanges(Map<String, Object> values) {

        private static final Set<String> FIELDS = Set.of("quantity", "manualDiscount", "description", "pricePerUnit");

        static LineChanges parse(JsonNode patch) {
            return new LineChanges(readFields(patch, FIELDS, (field, value) -> switch (field) {
                case "quantity" -> decimal(field, value);
                case "description" -> value.isNull() ? null : text(field, value);
                case "pricePerUnit" -> money(field, value);
                default -> value.isNull() ? null : money(field, value);
            }));
        }

        boolean changesPricePerUnit() {
            return values.containsKey("pricePerUnit");
        }

        BigDecimal quantity(QuoteLine line) {
            return values.containsKey("quantity") ? (BigDecimal) values.get("quantity") : line.quantity();
        }

        /** The manual discount after the patch: null when cleared (or never given). */
        Money manualDiscount(QuoteLine line) {
            if (values.containsKey("manualDiscount")) {
                return (Money) values.get("manualDiscount");
            }
            return line.manualDiscount().isZero() ? null : line.manualDiscount();
        }

        String description(QuoteLine line) {
            return values.containsKey("description") ? (String) values.get("description") : line.description();
        }

        Money pricePerUnit(QuoteLine line) {
            return values.containsKey("pricePerUnit") ? (Money) values.get("pricePerUnit") : line.pricePerUnit();
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> members(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException(null, "a merge patch is a JSON object");
        }
        return patch.properties();
    }

    private static String requiredText(String field, JsonNode value) {
        if (value.isNull()) {
            throw new InvalidRequestException(field, "cannot be removed");
        }
        return text(field, value);
    }

    private static String text(String field, JsonNode value) {
        if (!value.isString()) {
            throw new InvalidRequestException(field, "must be a string or null");
        }
        return value.asString();
    }

    private static LocalDate date(String field, JsonNode value) {
        try {
            return LocalDate.parse(requiredText(field, value));
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field, "must be a date such as 2026-11-26");
        }
    }

    /** A quantity as a decimal string or a JSON number (read exactly, never through a double). */
    private static BigDecimal decimal(String field, JsonNode value) {
        if (value.isNull()) {
            throw new InvalidRequestException(field, "cannot be removed");
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        try {
            return Money.parseAmount(text(field, value));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, "must be a decimal number such as \"2.5\"");
        }
    }

    /** {@code {"amount": "<decimal string>", "currency": "<ISO 4217>"}}, as money travels everywhere. */
    private static Money money(String field, JsonNode value) {
        if (value.isNull()) {
            throw new InvalidRequestException(field, "cannot be removed");
        }
        if (!value.isObject()) {
            throw new InvalidRequestException(field, "must be an object {\"amount\": \"<decimal string>\", \"currency\": \"<ISO 4217>\"}");
        }
        for (var member : value.properties()) {
            if (!member.getKey().equals("amount") && !member.getKey().equals("currency")) {
                throw new InvalidRequestException(field + "." + member.getKey(), "unknown property");
            }
        }
        JsonNode amount = value.get("amount");
        JsonNode currency = value.get("currency");
        if (amount == null || !amount.isString()) {
            throw new InvalidRequestException(field + ".amount", "must be a decimal string");
        }
        if (currency == null || !currency.isString()) {
            throw new InvalidRequestException(field + ".currency", "must be an ISO 4217 code string");
        }
        BigDecimal parsed;
        try {
            parsed = Money.parseAmount(amount.asString());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field + ".amount", e.getMessage());
        }
        try {
            return new Money(parsed, Money.currency(currency.asString()));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field + ".currency", e.getMessage());
        }
    }
}
