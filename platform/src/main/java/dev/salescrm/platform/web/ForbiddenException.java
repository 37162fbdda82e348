package dev.salescrm.platform.web;

/**
 * The caller may see the resource but not do this with it (e.g. a sales rep assigning a lead to
 * someone else): 403 {@code urn:crm:problem:forbidden}, naming the field when one is at fault.
 * For a record the caller may not see at all, throw {@link NotFoundException} instead.
 */
public class ForbiddenException extends RuntimeException {

    private final String field;

    public ForbiddenException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
