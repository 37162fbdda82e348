package dev.salescrm.platform.web;

/**
 * {@code ?limit=&cursor=} of a list: at most {@link #MAX_LIMIT} items (default
 * {@value #DEFAULT_LIMIT}) after the cursor's position, or from the start without one.
 * A controller takes it as a parameter (resolved from the query) or builds it with {@link #of}.
 */
public record PageRequest(int limit, Cursor cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    public static final String LIMIT = "limit";

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException(LIMIT, "must be between 1 and " + MAX_LIMIT);
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }

    /** From the raw query values; null or empty means "not given". */
    public static PageRequest of(String limit, String cursor) {
        int parsed = DEFAULT_LIMIT;
        if (limit != null && !limit.isEmpty()) {
            try {
                parsed = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                throw new InvalidRequestException(LIMIT, "must be an integer between 1 and " + MAX_LIMIT);
            }
        }
        return new PageRequest(parsed, cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor));
    }

    public boolean hasCursor() {
        return cursor != null;
    }

    /** Rows to fetch: one more than the limit, to learn whether there is a next page. */
    public int fetchSize() {
        return limit + 1;
    }
}
