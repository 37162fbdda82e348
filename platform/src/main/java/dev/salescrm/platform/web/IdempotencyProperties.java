package dev.salescrm.platform.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code crm.idempotency.retention} (how long a key is remembered) and how often old keys are purged. */
@ConfigurationProperties("crm.idempotency")
public record IdempotencyProperties(
        @DefaultValue("24h") Duration retention,
        @DefaultValue("1h") Duration purgeInterval) {
}
