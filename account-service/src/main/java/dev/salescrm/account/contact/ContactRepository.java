package dev.salescrm.account.contact;

import static dev.salescrm.platform.persistence.SqlValues.text;
import static dev.salescrm.platform.persistence.SqlValues.utc;
import static dev.salescrm.platform.persistence.SqlValues.uuid;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.account.contact.domain.Contact;
import dev.salescrm.account.matching.CustomerKeys;
import dev.salescrm.platform.persistence.KeysetQuery;
import dev.salescrm.platform.web.PageRequest;

/** Contacts in PostgreSQL, through plain SQL. */
@Repository
public class ContactRepository {

    private final DatabaseClient db;
    private final CustomerKeys keys;

    ContactRepository(DatabaseClient db, CustomerKeys keys) {
        this.db = db;
        this.keys = keys;
    }

    /**
     * Stores a new contact; a contact with this id already there is left alone (a saga may
     * announce the same pre-allocated id more than once).
     *
     * @return whether the contact was stored now
     */
    public Mono<Boolean> insertIfAbsent(Contact contact) {
        return keys.bind(keys.ofContact(contact.firstName(), contact.lastName(), contact.email(), contact.phone()), db.sql("""
                        INSERT INTO contact (id, first_name, last_name, account_id, job_title, email, phone, owner_id,
                                             source_lead_id, version, created_at, created_by, updated_at,
                                             name_norm, email_norm, phone_norm, search_text)
                        VALUES (:id, :firstName, :lastName, :accountId, :jobTitle, :email, :phone, :ownerId,
                                :sourceLeadId, :version, :createdAt, :createdBy, :updatedAt,
                                :nameNorm, :emailNorm, :phoneNorm, :searchText)
                        ON CONFLICT (id) DO NOTHING
                        """))
                .bind("id", contact.id())
                .bind("firstName", text(contact.firstName()))
                .bind("lastName", contact.lastName())
                .bind("accountId", uuid(contact.accountId()))
                .bind("jobTitle", text(contact.jobTitle()))
                .bind("email", text(contact.email()))
                .bind("phone", text(contact.phone()))
                .bind("ownerId", text(contact.ownerId()))
                .bind("sourceLeadId", uuid(contact.sourceLeadId()))
                .bind("version", contact.version())
                .bind("createdAt", utc(contact.createdAt()))
                .bind("createdBy", text(contact.createdBy()))
                .bind("updatedAt", utc(contact.updatedAt()))
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    /**
     * Writes the next version of a contact if the stored one is still {@code expectedVersion}.
     *
     * @return whether it was written; false means another writer got there first
     */
    public Mono<Boolean> update(Contact next, long expectedVersion) {
        return keys.bind(keys.ofContact(next.firstName(), next.lastName(), next.email(), next.phone()), db.sql("""
                        UPDATE contact SET first_name = :firstName, last_name = :lastName, account_id = :accountId,
                               job_title = :jobTitle, email = :email, phone = :phone, owner_id = :ownerId,
                               version = :version, updated_at = :updatedAt, name_norm = :nameNorm,
                               email_norm = :emailNorm, phone_norm = :phoneNorm, search_text = :searchText
                        WHERE id = :id AND version = :expectedVersion
                        """))
                .bind("id", next.id())
                .bind("expectedVersion", expectedVersion)
                .bind("firstName", text(next.firstName()))
                .bind("lastName", next.lastName())
                .bind("accountId", uuid(next.accountId()))
                .bind("jobTitle", text(next.jobTitle()))
                .bind("email", text(next.email()))
                .bind("phone", text(next.phone()))
                .bind("ownerId", text(next.ownerId()))
                .bind("version", next.version())
                .bind("updatedAt", utc(next.updatedAt()))
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    public Mono<Contact> findById(UUID id) {
        return db.sql("SELECT * FROM contact WHERE id = :id").bind("id", id).map(ContactRepository::toContact).one();
    }

    /** One page, newest first (UUIDv7 ids sort by creation), {@code limit + 1} rows. */
    Flux<Contact> findPage(ContactFilter filter, PageRequest page) {
        return KeysetQuery.of("SELECT * FROM contact")
                .where("account_id = :accountId", "accountId", filter.accountId())
                .where("owner_id = :ownerId", "ownerId", filter.ownerId())
                .page(page)
                .bind(db).map(ContactRepository::toContact).all();
    }

    /** The first {@code limit} contacts matching {@code q}, best first (see {@link CustomerKeys#searchSql}). */
    Flux<Contact> search(ContactFilter filter, String q, int limit) {
        StringBuilder extra = new StringBuilder();
        if (filter.accountId() != null) {
            extra.append(" AND account_id = :accountId");
        }
        if (filter.ownerId() != null) {
            extra.append(" AND owner_id = :ownerId");
        }
        var spec = keys.searchSql(db, "contact", q, extra.toString(), limit);
        if (spec == null) {
            return Flux.empty();
        }
        if (filter.accountId() != null) {
            spec = spec.bind("accountId", filter.accountId());
        }
        if (filter.ownerId() != null) {
            spec = spec.bind("ownerId", filter.ownerId());
        }
        return spec.map(ContactRepository::toContact).all();
    }

    private static Contact toContact(Readable row) {
        return new Contact(row.get("id", UUID.class), row.get("first_name", String.class),
                row.get("last_name", String.class), row.get("account_id", UUID.class),
                row.get("job_title", String.class), row.get("email", String.class), row.get("phone", String.class),
                row.get("owner_id", String.class), row.get("source_lead_id", UUID.class), row.get("version", Long.class),
                row.get("created_at", OffsetDateTime.class).toInstant(), row.get("created_by", String.class),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
