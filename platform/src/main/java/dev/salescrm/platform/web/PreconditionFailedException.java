package dev.salescrm.platform.web;

/** A conditional request's precondition (If-Match) did not hold: 412 {@code urn:crm:problem:precondition-failed}. */
public class PreconditionFailedException extends RuntimeException {

    private final String currentETag;

    public PreconditionFailedException(String message, String currentETag) {
        super(message);
        this.currentETag = currentETag;
    }

    /** The ETag the resource has now, sent back so the client can see it is stale. */
    public String currentETag() {
        return currentETag;
    }
}
