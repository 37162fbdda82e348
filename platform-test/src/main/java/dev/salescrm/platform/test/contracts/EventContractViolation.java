package dev.salescrm.platform.test.contracts;

import java.util.List;

import dev.salescrm.contracts.schema.EventSchemas.Violation;

/**
 * A service produced an event its published contract does not allow: the payload does not
 * validate against the schema of its type, or the type has no schema at all. An
 * {@link AssertionError}: it is a failed test, never a condition to handle.
 */
public class EventContractViolation extends AssertionError {

    private final String type;
    private final List<Violation> violations;

    public EventContractViolation(String type, List<Violation> violations, String payloadJson) {
        super("event " + type + " does not match its published schema (contracts/src/main/resources/schemas/"
                + type + ".json):" + lines(violations) + "\n  payload: " + payloadJson);
        this.type = type;
        this.violations = List.copyOf(violations);
    }

    public EventContractViolation(String type, String reason) {
        super("event " + type + " cannot be published: " + reason
                + " — add the type to EventTypes, its schema and its AsyncAPI message in the contracts module first");
        this.type = type;
        this.violations = List.of();
    }

    public String type() {
        return type;
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String lines(List<Violation> violations) {
        StringBuilder text = new StringBuilder();
        violations.forEach(v -> text.append("\n  - ").append(v));
        return text.toString();
    }
}
