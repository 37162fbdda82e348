package dev.salescrm.account.account;

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

import dev.salescrm.account.account.domain.Account;
import dev.salescrm.account.account.domain.Address;
import dev.salescrm.account.account.domain.RelationshipType;
import dev.salescrm.account.matching.CustomerKeys;
import dev.salescrm.platform.persistence.KeysetQuery;
import dev.salescrm.platform.web.PageRequest;

/** Accounts in PostgreSQL, through plain SQL: what is stored is what you read here. */
@Repository
public class AccountRepository {

    private final DatabaseClient db;
    private final CustomerKeys keys;

    AccountRepository(DatabaseClient db, CustomerKeys keys) {
        this.db = db;
        this.keys = keys;
    }

    /**
     * Stores a new account; an account with this id already there is left alone (a saga may
     * announce the same pre-allocated id more than once).
     *
     * @return whether the account was stored now
     */
    public Mono<Boolean> insertIfAbsent(Account account) {
        Address a = account.address() == null ? new Address(null, null, null, null, null) : account.address();
        return keys.bind(keys.ofAccount(account.name(), account.email(), account.phone()), db.sql("""
                        INSERT INTO account (id, name, account_number, website, email, phone, industry,
                                             parent_account_id, owner_id, relationship_type, address_street,
                                             address_city, address_state_or_province, address_postal_code,
                                             address_country, source_lead_id, version, created_at, created_by,
                                             updated_at, name_norm, email_norm, phone_norm, search_text)
                        VALUES (:id, :name, :accountNumber, :website, :email, :phone, :industry, :parent, :ownerId,
                                :relationshipType, :street, :city, :stateOrProvince, :postalCode, :country,
                                :sourceLeadId, :version, :createdAt, :createdBy, :updatedAt,
                                :nameNorm, :emailNorm, :phoneNorm, :searchText)
                        ON CONFLICT (id) DO NOTHING
                        """))
                .bind("id", account.id())
                .bind("name", account.name())
                .bind("accountNumber", text(account.accountNumber()))
                .bind("website", text(account.website()))
                .bind("email", text(account.email()))
                .bind("phone", text(account.phone()))
                .bind("industry", text(account.industry()))
                .bind("parent", uuid(account.parentAccountId()))
                .bind("ownerId", text(account.ownerId()))
                .bind("relationshipType", account.relationshipType().name())
                .bind("street", text(a.street()))
                .bind("city", text(a.city()))
                .bind("stateOrProvince", text(a.stateOrProvince()))
                .bind("postalCode", text(a.postalCode()))
                .bind("country", text(a.country()))
                .bind("sourceLeadId", uuid(account.sourceLeadId()))
                .bind("version", account.version())
                .bind("createdAt", utc(account.createdAt()))
                .bind("createdBy", text(account.createdBy()))
                .bind("updatedAt", utc(account.updatedAt()))
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    /**
     * Writes the next version of an account if the stored one is still {@code expectedVersion}.
     *
     * @return whether it was written; false means another writer got there first
     */
    Mono<Boolean> update(Account next, long expectedVersion) {
        Address a = next.address() == null ? new Address(null, null, null, null, null) : next.address();
        return keys.bind(keys.ofAccount(next.name(), next.email(), next.phone()), db.sql("""
                        UPDATE account SET name = :name, account_number = :accountNumber, website = :website,
                               email = :email, phone = :phone, industry = :industry, parent_account_id = :parent,
                               owner_id = :ownerId, relationship_type = :relationshipType, address_street = :street,
                               address_city = :city, address_state_or_province = :stateOrProvince,
                               address_postal_code = :postalCode, address_country = :country, version = :version,
                               updated_at = :updatedAt, name_norm = :nameNorm, email_norm = :emailNorm,
                               phone_norm = :phoneNorm, search_text = :searchText
                        WHERE id = :id AND version = :expectedVersion
                        """))
                .bind("id", next.id())
                .bind("expectedVersion", expectedVersion)
                .bind("name", next.name())
                .bind("accountNumber", text(next.accountNumber()))
                .bind("website", text(next.website()))
                .bind("email", text(next.email()))
                .bind("phone", text(next.phone()))
                .bind("industry", text(next.industry()))
                .bind("parent", uuid(next.parentAccountId()))
                .bind("ownerId", text(next.ownerId()))
                .bind("relationshipType", next.relationshipType().name())
                .bind("street", text(a.street()))
                .bind("city", text(a.city()))
                .bind("stateOrProvince", text(a.stateOrProvince()))
                .bind("postalCode", text(a.postalCode()))
                .bind("country", text(a.country()))
                .bind("version", next.version())
                .bind("updatedAt", utc(next.updatedAt()))
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    public Mono<Account> findById(UUID id) {
        return db.sql("SELECT * FROM account WHERE id = :id").bind("id", id).map(AccountRepository::toAccount).one();
    }

    public Mono<Boolean> exists(UUID id) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM account WHERE id = :id)").bind("id", id)
                .map(row -> row.get(0, Boolean.class)).one();
    }

    /** Whether {@code candidate} is {@code start} or one of its ancestors (cycle-safe). */
    Mono<Boolean> isSelfOrAncestor(UUID candidate, UUID start) {
        return db.sql("""
                        WITH RECURSIVE chain (id, parent_account_id) AS (
                            SELECT id, parent_account_id FROM account WHERE id = :start
                            UNION
                            SELECT a.id, a.parent_account_id FROM account a JOIN chain c ON a.id = c.parent_account_id
                        )
                        SELECT EXISTS (SELECT 1 FROM chain WHERE id = :candidate)
                        """)
                .bind("start", start)
                .bind("candidate", candidate)
                .map(row -> row.get(0, Boolean.class)).one();
    }

    /**
     * Serialises changes of the account hierarchy for the rest of the transaction, so that two
     * concurrent re-parentings cannot together close a cycle that each alone would not.
     */
    Mono<Void> lockHierarchy() {
        return db.sql("SELECT pg_advisory_xact_lock(hashtext('crm.account.hierarchy'))").fetch().rowsUpdated().then();
    }

    /** One page, newest first (UUIDv7 ids sort by creation), {@code limit + 1} rows. */
    Flux<Account> findPage(AccountFilter filter, PageRequest page) {
        return KeysetQuery.of("SELECT * FROM account")
                .where("relationship_type = :relationshipType", "relationshipType", filter.relationshipType())
                .where("owner_id = :ownerId", "ownerId", filter.ownerId())
                .where("parent_account_id = :parent", "parent", filter.parentAccountId())
                .page(page)
                .bind(db).map(AccountRepository::toAccount).all();
    }

    /** The first {@code limit} accounts matching {@code q}, best first (see {@link CustomerKeys#searchSql}). */
    Flux<Account> search(AccountFilter filter, String q, int limit) {
        StringBuilder extra = new StringBuilder();
        if (filter.relationshipType() != null) {
            extra.append(" AND relationship_type = :relationshipType");
        }
        if (filter.ownerId() != null) {
            extra.append(" AND owner_id = :ownerId");
        }
        if (filter.parentAccountId() != null) {
            extra.append(" AND parent_account_id = :parent");
        }
        var spec = keys.searchSql(db, "account", q, extra.toString(), limit);
        if (spec == null) {
            return Flux.empty();
        }
        if (filter.relationshipType() != null) {
            spec = spec.bind("relationshipType", filter.relationshipType().name());
        }
        if (filter.ownerId() != null) {
            spec = spec.bind("ownerId", filter.ownerId());
        }
        if (filter.parentAccountId() != null) {
            spec = spec.bind("parent", filter.parentAccountId());
        }
        return spec.map(AccountRepository::toAccount).all();
    }

    private static Account toAccount(Readable row) {
        Address address = Address.orNull(row.get("address_street", String.class), row.get("address_city", String.class),
                row.get("address_state_or_province", String.class), row.get("address_postal_code", String.class),
                row.get("address_country", String.class));
        return new Account(row.get("id", UUID.class), row.get("name", String.class),
                row.get("account_number", String.class), row.get("website", String.class),
                row.get("email", String.class), row.get("phone", String.class), row.get("industry", String.class),
                row.get("parent_account_id", UUID.class), row.get("owner_id", String.class),
                RelationshipType.valueOf(row.get("relationship_type", String.class)), address,
                row.get("source_lead_id", UUID.class), row.get("version", Long.class),
                row.get("created_at", OffsetDateTime.class).toInstant(), row.get("created_by", String.class),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
