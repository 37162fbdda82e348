package dev.salescrm.platform.web;

import java.util.List;

/**
 * The request is well-formed but its content is not acceptable: 400
 * {@code urn:crm:problem:validation} with {@code errors: [{"field", "message"}]}.
 * The messages are shown to the client, so they must not contain internals.
 */
public class InvalidRequestException extends RuntimeException {

    /** One rejected field; {@code field} is a JSON path such as {@code lines[0].quantity}, or null for the whole request. */
    public record Violation(String field, String message) {
    }

    private final List<Violation> violations;

    public InvalidRequestException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public InvalidRequestException(List<Violation> violations) {
        super(describe(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        StringBuilder sb = new StringBuilder();
        for (Violation v : violations) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(v.field() == null ? "request" : v.field()).append(": ").append(v.message());
        }
        return sb.toString();
    }
}
