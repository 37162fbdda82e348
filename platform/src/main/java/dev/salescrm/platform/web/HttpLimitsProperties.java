package dev.salescrm.platform.web;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code crm.http.max-body-size} (default 1MB) and per-path overrides, keyed by a path pattern in
 * brackets because a plain key loses its slashes:
 * {@code crm.http.max-body-size-overrides[/api/leads/import]=10MB}.
 */
@ConfigurationProperties("crm.http")
public record HttpLimitsProperties(
        @DefaultValue("1MB") DataSize maxBodySize,
        Map<String, DataSize> maxBodySizeOverrides) {

    public HttpLimitsProperties {
        maxBodySizeOverrides = maxBodySizeOverrides == null ? Map.of() : Map.copyOf(maxBodySizeOverrides);
    }
}
