package dev.salescrm.platform.outbox;

/** Test double of the platform's outbox event: only what the check reads. */
public record OutboxEvent(String type, Object payload) {
}
