package dev.salescrm.platform.persistence;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.r2dbc.core.Parameter;

/**
 * How repositories bind values with R2DBC: a value that may be null keeps its type (a typed null
 * binds where a bare null cannot), and instants are stored as UTC {@code timestamptz}.
 */
public final class SqlValues {

    private SqlValues() {
    }

    public static Parameter text(String value) {
        return Parameter.fromOrEmpty(value, String.class);
    }

    public static Parameter uuid(UUID value) {
        return Parameter.fromOrEmpty(value, UUID.class);
    }

    public static Parameter date(LocalDate value) {
        return Parameter.fromOrEmpty(value, LocalDate.class);
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
