package dev.salescrm.platform.web;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code crm.idempotency.retention} (how long a key is remembered), how often old keys are purged,
 * and {@code crm.idempotency.excluded-paths}: path patterns the generic filter leaves alone because
 * their handler keeps its own idempotency (the filter buffers request and response in memory, which
 * a streamed upload must not do — e.g. {@code /api/leads/import}).
 */
@ConfigurationProperties("crm.idempotency")
public record IdempotencyProperties(
        @DefaultValue("24h") Duration retention,
        @DefaultValue("1h") Duration purgeInterval,
        @DefaultValue List<String> excludedPaths) {

    public IdempotencyProperties {
        excludedPaths = excludedPaths == null ? List.of() : List.copyOf(excludedPaths);
    }
}
