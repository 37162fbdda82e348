package dev.salescrm.platform.persistence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.r2dbc.core.DatabaseClient;

import dev.salescrm.platform.web.PageRequest;

/**
 * One page of a list endpoint: optional filters, then keyset pagination on the UUIDv7 id, newest
 * first, {@code limit + 1} rows so the caller can tell whether a next page exists (see
 * {@code Page.of}). A filter is added together with its value and only when the value is given,
 * so a clause can never lose its binding.
 *
 * <pre>{@code
 * KeysetQuery.of("SELECT * FROM lead")
 *         .where("status = :status", "status", filter.status())
 *         .where("owner_id = :ownerId", "ownerId", filter.ownerId())
 *         .page(page)
 *         .bind(db)
 *         .map(LeadRepository::toLead).all();
 * }</pre>
 */
public final class KeysetQuery {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final String select;
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> values = new LinkedHashMap<>();
    private PageRequest page;

    private KeysetQuery(String select) {
        this.select = select;
    }

    /** @param select the statement without WHERE, ORDER BY or LIMIT, e.g. {@code SELECT * FROM lead} */
    public static KeysetQuery of(String select) {
        return new KeysetQuery(select);
    }

    /** Adds {@code condition} when {@code value} is not null; enums are bound by name. */
    public KeysetQuery where(String condition, String parameter, Object value) {
        if (value != null) {
            require(parameter);
            conditions.add(condition);
            values.put(parameter, value instanceof Enum<?> e ? e.name() : value);
        }
        return this;
    }

    /** Adds a condition that always applies (a parent id, say). */
    public KeysetQuery always(String condition, String parameter, Object value) {
        require(parameter);
        if (value == null) {
            throw new IllegalArgumentException(parameter + " must not be null");
        }
        conditions.add(condition);
        values.put(parameter, value instanceof Enum<?> e ? e.name() : value);
        return this;
    }

    public KeysetQuery page(PageRequest page) {
        this.page = page;
        return this;
    }

    public String sql() {
        StringBuilder sql = new StringBuilder(select).append(" WHERE TRUE");
        conditions.forEach(condition -> sql.append(" AND (").append(condition).append(')'));
        if (page != null && page.hasCursor()) {
            sql.append(" AND id < :keysetAfter");
        }
        sql.append(" ORDER BY id DESC");
        if (page != null) {
            sql.append(" LIMIT :keysetLimit");
        }
        return sql.toString();
    }

    public DatabaseClient.GenericExecuteSpec bind(DatabaseClient db) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql());
        for (Map.Entry<String, Object> value : values.entrySet()) {
            spec = spec.bind(value.getKey(), value.getValue());
        }
        if (page != null) {
            spec = spec.bind("keysetLimit", page.fetchSize());
            if (page.hasCursor()) {
                spec = spec.bind("keysetAfter", page.cursor().uuid(0));
            }
        }
        return spec;
    }

    private void require(String parameter) {
        if (!SAFE_NAME.matcher(parameter).matches() || values.containsKey(parameter)) {
            throw new IllegalArgumentException("parameter name " + parameter + " is not a fresh identifier");
        }
    }
}
