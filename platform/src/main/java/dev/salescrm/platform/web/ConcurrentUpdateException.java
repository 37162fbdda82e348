package dev.salescrm.platform.web;

/**
 * Another writer changed the aggregate between our read and our write (the version check of the
 * update matched no row): 409 {@code urn:crm:problem:conflict}. The client re-reads and retries.
 */
public class ConcurrentUpdateException extends RuntimeException {

    private final String resource;
    private final transient Object id;

    public ConcurrentUpdateException(String resource, Object id) {
        super(resource + " " + id + " was changed concurrently; read it again and retry");
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
