package dev.salescrm.platform.inbox;

/**
 * An event that can never be processed, however often it is retried (malformed, or breaking the
 * contract). It goes to the dead-letter topic at once, without retries.
 */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message);
    }
}
