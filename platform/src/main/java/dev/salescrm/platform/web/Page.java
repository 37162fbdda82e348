package dev.salescrm.platform.web;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One page of a list: {@code {"items": [...], "nextCursor": "…" | null}}; no next cursor on the last page. */
public record Page<T>(List<T> items, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * The page from rows fetched with {@link PageRequest#fetchSize()} ({@code limit + 1}) in the
     * list's order: a surplus row means there is more, and the cursor points after the last
     * item kept.
     */
    public static <T> Page<T> of(List<T> fetched, PageRequest request, Function<? super T, Cursor> cursorOf) {
        if (fetched.size() <= request.limit()) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, request.limit());
        return new Page<>(items, cursorOf.apply(items.getLast()).encode());
    }

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), nextCursor);
    }
}
