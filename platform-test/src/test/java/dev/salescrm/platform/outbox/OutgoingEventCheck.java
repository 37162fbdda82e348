package dev.salescrm.platform.outbox;

/**
 * Test double of the platform's interface (platform-test cannot depend on platform: platform
 * tests with platform-test). Same name and signature, so the auto-configuration is exercised as
 * in a service; lead-service's tests run it against the real interface.
 */
@FunctionalInterface
public interface OutgoingEventCheck {

    void check(OutboxEvent event, String payloadJson);
}
