package dev.salescrm.platform.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbox relay settings ({@code crm.outbox.*}).
 *
 * @param relayEnabled   whether this process runs a relay (several replicas may, safely)
 * @param source         {@code ce_source} of every event, e.g. {@code /crm/lead-service}
 * @param pollInterval   how often to look for pending rows when no NOTIFY arrives
 * @param batchSize      rows claimed per transaction
 * @param sendTimeout    upper bound on waiting for the broker's acknowledgements of a batch
 * @param retention      how long published rows are kept before they are purged
 * @param purgeInterval  how often the purge runs
 * @param metricsInterval how often the pending count and oldest age are measured
 */
@ConfigurationProperties("crm.outbox")
public record OutboxProperties(
        @DefaultValue("true") boolean relayEnabled,
        String source,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("30s") Duration sendTimeout,
        @DefaultValue("24h") Duration retention,
        @DefaultValue("10m") Duration purgeInterval,
        @DefaultValue("10s") Duration metricsInterval) {
}
