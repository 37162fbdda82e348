package dev.salescrm.platform.web;

/**
 * The problem types the platform itself emits. Their URNs ({@code urn:crm:problem:<slug>}) are part
 * of the public API: clients switch on them, so a slug is never renamed.
 */
public enum ProblemType {
    VALIDATION("validation", 400, "Invalid request"),
    MALFORMED_REQUEST("malformed-request", 400, "Malformed request"),
    UNAUTHORIZED("unauthorized", 401, "Authentication required"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    ILLEGAL_TRANSITION("illegal-transition", 409, "Illegal state transition"),
    CONFLICT("conflict", 409, "Conflict"),
    IDEMPOTENCY_KEY_IN_FLIGHT("idempotency-key-in-flight", 409, "Request with this Idempotency-Key in progress"),
    PRECONDITION_FAILED("precondition-failed", 412, "Precondition failed"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", 422, "Idempotency-Key reused with another request"),
    CURRENCY_MISMATCH("currency-mismatch", 422, "Currency mismatch"),
    INTERNAL("internal", 500, "Internal error"),
    /** The service's database cannot be reached or dropped the connection (a restart, a failover): retry later. */
    SERVICE_UNAVAILABLE("service-unavailable", 503, "Service unavailable");

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String type() {
        return Problem.TYPE_PREFIX + slug;
    }
}
