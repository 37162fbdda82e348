package dev.salescrm.platform.web;

/** The resource does not exist (or the caller may not see it): 404 {@code urn:crm:problem:not-found}. */
public class NotFoundException extends RuntimeException {

    private final String resource;
    private final transient Object id;

    public NotFoundException(String resource, Object id) {
        super(resource + " " + id + " was not found");
        this.resource = resource;
        this.id = id;
    }

    public String resource() {
        return resource;
    }

    public Object id() {
        return id;
    }
}
