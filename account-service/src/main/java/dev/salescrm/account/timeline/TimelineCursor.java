package dev.salescrm.account.timeline;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import dev.salescrm.platform.web.Cursor;
import dev.salescrm.platform.web.InvalidRequestException;

/** Where a timeline page ends: the last entry's {@code occurredAt} and id (the list's sort keys). */
record TimelineCursor(Instant occurredAt, UUID id) {

    static Cursor after(TimelineItem last) {
        return Cursor.of(last.occurredAt(), last.id());
    }

    static TimelineCursor of(Cursor cursor) {
        try {
            if (cursor.size() != 2) {
                throw invalid();
            }
            return new TimelineCursor(Instant.parse(cursor.string(0)), cursor.uuid(1));
        } catch (DateTimeParseException e) {
            throw invalid();
        }
    }

    private static InvalidRequestException invalid() {
        return new InvalidRequestException(Cursor.PARAMETER, "is not a cursor returned by this list");
    }
}
