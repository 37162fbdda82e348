package dev.salescrm.lead.campaign;

import static dev.salescrm.platform.persistence.SqlValues.date;
import static dev.salescrm.platform.persistence.SqlValues.text;
import static dev.salescrm.platform.persistence.SqlValues.utc;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.lead.campaign.domain.Campaign;
import dev.salescrm.lead.campaign.domain.Channel;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.persistence.KeysetQuery;
import dev.salescrm.platform.web.PageRequest;

/** Campaigns in PostgreSQL, through plain SQL. */
@Repository
class CampaignRepository {

    private final DatabaseClient db;

    CampaignRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Stores a new campaign; a code taken meanwhile (unique ignoring case) is a {@link CampaignCodeTaken}. */
    Mono<Void> insert(Campaign c) {
        return db.sql("""
                        INSERT INTO campaign (id, name, code, channel, starts_on, ends_on, budget_amount, budget_currency,
                                              owner_id, version, created_at, created_by, updated_at)
                        VALUES (:id, :name, :code, :channel, :startsOn, :endsOn, :budgetAmount, :budgetCurrency,
                                :ownerId, :version, :createdAt, :createdBy, :updatedAt)
                        """)
                .bind("id", c.id())
                .bind("name", c.name())
                .bind("code", c.code())
                .bind("channel", text(c.channel() == null ? null : c.channel().name()))
                .bind("startsOn", date(c.startsOn()))
                .bind("endsOn", date(c.endsOn()))
                .bind("budgetAmount", Parameter.fromOrEmpty(c.budget() == null ? null : c.budget().amount(), BigDecimal.class))
                .bind("budgetCurrency", text(c.budget() == null ? null : c.budget().currency().getCurrencyCode()))
                .bind("ownerId", text(c.ownerId()))
                .bind("version", c.version())
                .bind("createdAt", utc(c.createdAt()))
                .bind("createdBy", text(c.createdBy()))
                .bind("updatedAt", utc(c.updatedAt()))
                .fetch().rowsUpdated()
                .onErrorMap(DuplicateKeyException.class, e -> new CampaignCodeTaken(c.code()))
                .then();
    }

    Mono<Campaign> findById(UUID id) {
        return db.sql("SELECT * FROM campaign WHERE id = :id").bind("id", id).map(CampaignRepository::toCampaign).one();
    }

    Mono<Boolean> codeTaken(String code) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM campaign WHERE lower(code) = lower(:code))").bind("code", code)
                .map(row -> row.get(0, Boolean.class)).one();
    }

    /** Newest first, {@code limit + 1} rows; {@code code} narrows to that code (ignoring case). */
    Flux<Campaign> findPage(String code, PageRequest page) {
        return KeysetQuery.of("SELECT * FROM campaign")
                .where("lower(code) = lower(:code)", "code", code)
                .page(page)
                .bind(db).map(CampaignRepository::toCampaign).all();
    }

    private static Campaign toCampaign(Readable row) {
        String channel = row.get("channel", String.class);
        BigDecimal amount = row.get("budget_amount", BigDecimal.class);
        return new Campaign(row.get("id", UUID.class), row.get("name", String.class), row.get("code", String.class),
                channel == null ? null : Channel.valueOf(channel), row.get("starts_on", LocalDate.class),
                row.get("ends_on", LocalDate.class),
                amount == null ? null : Money.of(amount, row.get("budget_currency", String.class)),
                row.get("owner_id", String.class), row.get("version", Long.class),
                row.get("created_at", OffsetDateTime.class).toInstant(), row.get("created_by", String.class),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
