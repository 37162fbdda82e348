package dev.salescrm.lead.lead;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import dev.salescrm.lead.lead.domain.LeadDetails;
import dev.salescrm.lead.lead.domain.LeadSource;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.InvalidRequestException.Violation;

/**
 * A JSON merge patch (RFC 7396) of a lead: a member that is absent stays as it is, a member that is
 * {@code null} is cleared. Only the fields a user edits are accepted; status, owner rules, ids and
 * versions are not fields of a patch (unknown members are a 400 naming them).
 */
record LeadChanges(Map<String, String> values) {

    /** Editable text fields and their maximum lengths. */
    private static final Map<String, Integer> FIELDS = Map.ofEntries(
            Map.entry("firstName", 100), Map.entry("lastName", 100), Map.entry("companyName", 200),
            Map.entry("jobTitle", 100), Map.entry("email", 320), Map.entry("phone", 50), Map.entry("website", 500),
            Map.entry("source", 30), Map.entry("topic", 300), Map.entry("description", 10_000),
            Map.entry("ownerId", 200));
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

    static LeadChanges parse(JsonNode patch) {
        List<Violation> violations = new ArrayList<>();
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException("body", "a merge patch is a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> members = patch.properties().iterator();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            String field = member.getKey();
            JsonNode value = member.getValue();
            Integer max = FIELDS.get(field);
            if (max == null) {
                violations.add(new Violation(field, "is not a field that can be changed"));
            } else if (value.isNull()) {
                values.put(field, null);
            } else if (!value.isString()) {
                violations.add(new Violation(field, "must be a string or null"));
            } else if (value.asString().length() > max) {
                violations.add(new Violation(field, "must be at most " + max + " characters"));
            } else if (field.equals("email") && !EMAIL.matcher(value.asString()).matches()) {
                violations.add(new Violation(field, "must be a well-formed email address"));
            } else if (field.equals("source") && !isSource(value.asString())) {
                violations.add(new Violation(field, "must be one of " + List.of(LeadSource.values())));
            } else {
                values.put(field, value.asString());
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return new LeadChanges(values);
    }

    boolean ownerChanged() {
        return values.containsKey("ownerId");
    }

    String ownerId() {
        return values.get("ownerId");
    }

    List<String> fieldNames() {
        return List.copyOf(values.keySet());
    }

    LeadDetails applyTo(LeadDetails d) {
        String lastName = pick("lastName", d.lastName());
        String companyName = pick("companyName", d.companyName());
        if (blank(lastName) && blank(companyName)) {
            throw new InvalidRequestException(values.containsKey("lastName") ? "lastName" : "companyName",
                    "a lead needs a last name or a company name");
        }
        String source = pick("source", d.source() == null ? null : d.source().name());
        return new LeadDetails(pick("firstName", d.firstName()), lastName, companyName, pick("jobTitle", d.jobTitle()),
                pick("email", d.email()), pick("phone", d.phone()), pick("website", d.website()),
                source == null ? null : LeadSource.valueOf(source), pick("topic", d.topic()),
                pick("description", d.description()));
    }

    private String pick(String field, String current) {
        return values.containsKey(field) ? values.get(field) : current;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean isSource(String value) {
        for (LeadSource source : LeadSource.values()) {
            if (source.name().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
