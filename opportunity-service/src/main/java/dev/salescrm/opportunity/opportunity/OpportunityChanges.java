package dev.salescrm.opportunity.opportunity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import dev.salescrm.opportunity.opportunity.domain.Customer;
import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.InvalidRequestException.Violation;

/**
 * A JSON merge patch (RFC 7396) of an opportunity: a member that is absent stays as it is, a member
 * that is {@code null} is cleared (where the opportunity may be without it), and
 * {@code estimatedRevenue} merges into the current amount and currency as the RFC merges objects.
 * Only what a user edits is accepted; the stage and status have their own endpoints (with history
 * and events), and ids, versions, origins and close details are not fields of a patch — each is a
 * 400 naming it, as is every badly formed value, all of them at once.
 */
record OpportunityChanges(Map<String, Object> values, Map<String, JsonNode> revenue) {

    private static final Set<String> FIELDS = Set.of("name", "accountId", "contactId", "ownerId", "probability",
            "estimatedRevenue", "estimatedCloseDate", "priceListId");
    private static final Map<String, String> OWN_ENDPOINT = Map.of(
            "stage", "changes through POST /api/opportunities/{id}/stage",
            "status", "changes through POST /api/opportunities/{id}/win, /lose or /reopen",
            "statusReason", "changes through POST /api/opportunities/{id}/win, /lose or /reopen");
    private static final int MAX_OWNER_LENGTH = 200;

    static OpportunityChanges parse(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException("body", "a merge patch is a JSON object");
        }
        List<Violation> violations = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, JsonNode> revenue = null;
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            String field = member.getKey();
            JsonNode value = member.getValue();
            if (OWN_ENDPOINT.containsKey(field)) {
                violations.add(new Violation(field, "is not changed by a patch; it " + OWN_ENDPOINT.get(field)));
                continue;
            }
            if (!FIELDS.contains(field)) {
                violations.add(new Violation(field, "is not a field that can be changed"));
                continue;
            }
            if (field.equals("estimatedRevenue") && value.isObject()) {
                revenue = revenuePatch(value, violations);
                continue;
            }
            if (value.isNull()) {
                if (field.equals("name") || field.equals("probability")) {
                    violations.add(new Violation(field, "cannot be cleared"));
                } else {
                    values.put(field, null);
                }
                continue;
            }
            Object parsed = switch (field) {
                case "name" -> name(value, violations);
                case "ownerId" -> text(field, value, MAX_OWNER_LENGTH, violations);
                case "probability" -> probability(value, violations);
                case "estimatedCloseDate" -> date(field, value, violations);
                case "estimatedRevenue" -> {
                    violations.add(new Violation(field, "must be an object {\"amount\", \"currency\"} or null"));
                    yield null;
                }
                default -> uuid(field, value, violations); // accountId, contactId, priceListId
            };
            if (parsed != null) {
                values.put(field, parsed);
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return new OpportunityChanges(values, revenue);
    }

    boolean ownerChanged() {
        return values.containsKey("ownerId");
    }

    /**
     * The current details with this patch merged in.
     *
     * @throws InvalidRequestException when the result is no opportunity: neither or both of an
     *                                 account and a contact, an amount without a currency
     */
    Opportunity.Details applyTo(Opportunity.Details current) {
        UUID accountId = pick("accountId", current.customer().accountId());
        UUID contactId = pick("contactId", current.customer().contactId());
        if ((accountId == null) == (contactId == null)) {
            String field = values.containsKey("accountId") ? "accountId" : "contactId";
            throw new InvalidRequestException(field, "an opportunity is for exactly one of an account and a contact;"
                    + " to change which, set the one and clear the other (null)");
        }
        Customer customer = new Customer(accountId, contactId);
        return new Opportunity.Details(pick("name", current.name()), customer, pick("ownerId", current.ownerId()),
                pick("probability", current.probability()), revenue(current.estimatedRevenue()),
                pick("estimatedCloseDate", current.estimatedCloseDate()), pick("priceListId", current.priceListId()));
    }

    @SuppressWarnings("unchecked")
    private <T> T pick(String field, T current) {
        return values.containsKey(field) ? (T) values.get(field) : current;
    }

    private Money revenue(Money current) {
        if (values.containsKey("estimatedRevenue")) {
            return null; // cleared
        }
        if (revenue == null) {
            return current;
        }
        String amount = current == null ? null : current.amountString();
        String currency = current == null ? null : current.currency().getCurrencyCode();
        if (revenue.containsKey("amount")) {
            amount = revenue.get("amount") == null ? null : revenue.get("amount").asString();
        }
        if (revenue.containsKey("currency")) {
            currency = revenue.get("currency") == null ? null : revenue.get("currency").asString();
        }
        if (amount == null && currency == null) {
            return null;
        }
        if (amount == null || currency == null) {
            throw new InvalidRequestException("estimatedRevenue." + (amount == null ? "amount" : "currency"), "is required");
        }
        return Money.of(amount, currency);
    }

    private static Map<String, JsonNode> revenuePatch(JsonNode value, List<Violation> violations) {
        Map<String, JsonNode> members = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : value.properties()) {
            String name = member.getKey();
            JsonNode v = member.getValue();
            String field = "estimatedRevenue." + name;
            if (!name.equals("amount") && !name.equals("currency")) {
                violations.add(new Violation(field, "unknown property"));
            } else if (v.isNull()) {
                members.put(name, null);
            } else if (!v.isString()) {
                violations.add(new Violation(field, name.equals("amount")
                        ? "must be a decimal string such as \"1250.00\"" : "must be an ISO 4217 code string"));
            } else if (name.equals("amount")) {
                try {
                    BigDecimal amount = Money.parseAmount(v.asString());
                    if (amount.signum() < 0) {
                        violations.add(new Violation("estimatedRevenue", "must not be negative"));
                    } else {
                        members.put(name, v);
                    }
                } catch (IllegalArgumentException e) {
                    violations.add(new Violation(field, e.getMessage()));
                }
            } else {
                try {
                    Currency ignored = Money.currency(v.asString());
                    members.put(name, v);
                } catch (IllegalArgumentException e) {
                    violations.add(new Violation(field, e.getMessage()));
                }
            }
        }
        return members;
    }

    private static String name(JsonNode value, List<Violation> violations) {
        String name = text("name", value, Opportunity.MAX_NAME_LENGTH, violations);
        if (name != null && name.isBlank()) {
            violations.add(new Violation("name", "must not be blank"));
            return null;
        }
        return name;
    }

    private static String text(String field, JsonNode value, int max, List<Violation> violations) {
        if (!value.isString()) {
            violations.add(new Violation(field, "must be a string or null"));
            return null;
        }
        String text = value.asString();
        if (text.length() > max) {
            violations.add(new Violation(field, "must be at most " + max + " characters"));
            return null;
        }
        return text;
    }

    private static Integer probability(JsonNode value, List<Violation> violations) {
        if (!value.isIntegralNumber()) {
            violations.add(new Violation("probability", "must be a whole number from 0 to 100"));
            return null;
        }
        BigInteger p = value.bigIntegerValue();
        if (p.signum() < 0 || p.compareTo(BigInteger.valueOf(100)) > 0) {
            violations.add(new Violation("probability", "must be a whole number from 0 to 100"));
            return null;
        }
        return p.intValue();
    }

    private static LocalDate date(String field, JsonNode value, List<Violation> violations) {
        if (value.isString()) {
            try {
                return LocalDate.parse(value.asString());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        violations.add(new Violation(field, "must be a date such as \"2026-11-26\" or null"));
        return null;
    }

    private static UUID uuid(String field, JsonNode value, List<Violation> violations) {
        if (value.isString()) {
            try {
                String text = value.asString();
                UUID id = UUID.fromString(text);
                // UUID.fromString accepts short forms such as "1-2-3-4-5"; only the canonical one is an id.
                if (id.toString().equalsIgnoreCase(text)) {
                    return id;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        violations.add(new Violation(field, "must be a UUID or null"));
        return null;
    }
}
