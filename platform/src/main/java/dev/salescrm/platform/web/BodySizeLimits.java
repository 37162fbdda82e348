package dev.salescrm.platform.web;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.springframework.http.server.PathContainer;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** The largest request body a path accepts: the most specific matching override, else the default. */
public class BodySizeLimits {

    private record Override(PathPattern pattern, long bytes) {
    }

    private final long defaultBytes;
    private final List<Override> overrides;

    public BodySizeLimits(DataSize defaultSize, Map<String, DataSize> overrides) {
        this.defaultBytes = defaultSize.toBytes();
        this.overrides = overrides.entrySet().stream()
                .map(e -> new Override(PathPatternParser.defaultInstance.parse(e.getKey()), e.getValue().toBytes()))
                .sorted(Comparator.comparing(Override::pattern, PathPattern.SPECIFICITY_COMPARATOR))
                .toList();
    }

    public static BodySizeLimits of(HttpLimitsProperties properties) {
        return new BodySizeLimits(properties.maxBodySize(), properties.maxBodySizeOverrides());
    }

    public long limitFor(PathContainer path) {
        for (Override o : overrides) {
            if (o.pattern().matches(path)) {
                return o.bytes();
            }
        }
        return defaultBytes;
    }
}
