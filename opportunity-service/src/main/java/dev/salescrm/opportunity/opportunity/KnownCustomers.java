package dev.salescrm.opportunity.opportunity;

import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.salescrm.platform.inbox.IncomingEvent;
import dev.salescrm.platform.inbox.PoisonEventException;

/**
 * The accounts and contacts opportunity-service knows of (a replica fed by account-service's
 * {@code *.created}/{@code *.updated} events). Events of one record travel in order, but a record
 * seen again (a redelivery, a replay) never rolls the replica back: only a newer version replaces it.
 */
@Component
class KnownCustomers {

    enum Kind { ACCOUNT, CONTACT }

    private final DatabaseClient db;

    KnownCustomers(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> remember(IncomingEvent event, Kind kind) {
        String idField = kind == Kind.ACCOUNT ? "accountId" : "contactId";
        UUID id = uuid(event, idField);
        String name = kind == Kind.ACCOUNT ? event.text("name")
                : String.join(" ", nonNull(event.text("firstName")), nonNull(event.text("lastName"))).strip();
        UUID accountId = kind == Kind.CONTACT && event.text("accountId") != null ? uuid(event, "accountId") : null;
        long version = event.data().path("version").asLong(1);
        return db.sql("""
                        INSERT INTO known_customer (id, kind, name, account_id, version)
                        VALUES (:id, :kind, :name, :accountId, :version)
                        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, account_id = EXCLUDED.account_id,
                                                       version = EXCLUDED.version, updated_at = now()
                         WHERE known_customer.version < EXCLUDED.version
                        """)
                .bind("id", id)
                .bind("kind", kind.name())
                .bind("name", Parameter.fromOrEmpty(name == null || name.isBlank() ? null : name, String.class))
                .bind("accountId", Parameter.fromOrEmpty(accountId, UUID.class))
                .bind("version", version)
                .fetch().rowsUpdated().then();
    }

    Mono<Boolean> exists(UUID id, Kind kind) {
        return db.sql("SELECT count(*) FROM known_customer WHERE id = :id AND kind = :kind")
                .bind("id", id).bind("kind", kind.name())
                .map(row -> row.get(0, Long.class) > 0).one();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static UUID uuid(IncomingEvent event, String field) {
        try {
            return UUID.fromString(event.requiredText(field));
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException(event.type() + " " + event.id() + ": " + field + " is not a UUID");
        }
    }
}
