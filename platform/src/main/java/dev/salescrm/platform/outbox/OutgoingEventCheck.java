package dev.salescrm.platform.outbox;

/**
 * A check every event passes before it is written to the outbox, e.g. "the payload validates
 * against the event type's published JSON Schema". Throwing fails the business transaction, so a
 * contract violation surfaces where it is made, not in a consumer's dead-letter topic.
 */
@FunctionalInterface
public interface OutgoingEventCheck {

    /**
     * @param event       the event as the service built it
     * @param payloadJson its payload exactly as it will be published
     */
    void check(OutboxEvent event, String payloadJson);
}
