package dev.salescrm.opportunity.opportunity;

import static dev.salescrm.platform.persistence.SqlValues.date;
import static dev.salescrm.platform.persistence.SqlValues.text;
import static dev.salescrm.platform.persistence.SqlValues.utc;
import static dev.salescrm.platform.persistence.SqlValues.uuid;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.opportunity.opportunity.domain.Customer;
import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.opportunity.opportunity.domain.OpportunityClose;
import dev.salescrm.opportunity.opportunity.domain.OpportunityStage;
import dev.salescrm.opportunity.opportunity.domain.OpportunityStatusReason;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.persistence.KeysetQuery;
import dev.salescrm.platform.web.PageRequest;

/** Opportunities in PostgreSQL, through plain SQL: what is stored is what you read here. */
@Repository
class OpportunityRepository {

    private final DatabaseClient db;

    OpportunityRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Stores a new opportunity unless one with its id exists already.
     *
     * @return true when it was stored, false when the id was taken (a redelivered saga step)
     */
    Mono<Boolean> insertIfAbsent(Opportunity o) {
        Money revenue = o.estimatedRevenue();
        return db.sql("""
                        INSERT INTO opportunity (id, name, account_id, contact_id, owner_id, stage, status, status_reason,
                                                 probability, estimated_revenue_amount, estimated_revenue_currency,
                                                 estimated_close_date, source_lead_id, source_campaign_response_id,
                                                 actual_close_date, close_note, actual_revenue_amount,
                                                 actual_revenue_currency, version, created_at, created_by,
                                                 updated_at, price_list_id)
                        VALUES (:id, :name, :accountId, :contactId, :ownerId, :stage, :status, :statusReason,
                                :probability, :revenueAmount, :revenueCurrency,
                                :estimatedCloseDate, :sourceLeadId, :sourceCampaignResponseId,
                                :actualCloseDate, :closeNote, :actualRevenueAmount, :actualRevenueCurrency, :version,
                                :createdAt, :createdBy, :updatedAt, :priceListId)
                        ON CONFLICT (id) DO NOTHING
                        """)
                .bind("id", o.id())
                .bind("name", o.name())
                .bind("accountId", uuid(o.customer().accountId()))
                .bind("contactId", uuid(o.customer().contactId()))
                .bind("ownerId", text(o.ownerId()))
                .bind("stage", o.stage().name())
                .bind("status", o.status().name())
                .bind("statusReason", o.statusReason().name())
                .bind("probability", (short) o.probability())
                .bind("revenueAmount", Parameter.fromOrEmpty(revenue == null ? null : revenue.amount(), BigDecimal.class))
                .bind("revenueCurrency", text(revenue == null ? null : revenue.currency().getCurrencyCode()))
                .bind("estimatedCloseDate", date(o.estimatedCloseDate()))
                .bind("sourceLeadId", uuid(o.sourceLeadId()))
                .bind("sourceCampaignResponseId", uuid(o.sourceCampaignResponseId()))
                .bind("actualCloseDate", date(o.actualCloseDate()))
                .bind("closeNote", text(o.closeNote()))
                .bind("actualRevenueAmount", amount(o.actualRevenue()))
                .bind("actualRevenueCurrency", currency(o.actualRevenue()))
                .bind("version", o.version())
                .bind("createdAt", utc(o.createdAt()))
                .bind("createdBy", text(o.createdBy()))
                .bind("updatedAt", utc(o.updatedAt()))
                .bind("priceListId", uuid(o.priceListId()))
                .fetch().rowsUpdated()
                .map(inserted -> inserted > 0);
    }

    /**
     * Writes a status change over the version it was made from.
     *
     * @throws OptimisticLockingFailureException when someone else changed it in between
     */
    Mono<Void> update(Opportunity changed) {
        return db.sql("""
                        UPDATE opportunity
                           SET stage = :stage, status = :status, status_reason = :statusReason, probability = :probability,
                               actual_close_date = :actualCloseDate, close_note = :closeNote,
                               actual_revenue_amount = :actualRevenueAmount,
                               actual_revenue_currency = :actualRevenueCurrency,
                               version = :version, updated_at = :updatedAt
                         WHERE id = :id AND version = :previousVersion
                        """)
                .bind("id", changed.id())
                .bind("stage", changed.stage().name())
                .bind("status", changed.status().name())
                .bind("statusReason", changed.statusReason().name())
                .bind("probability", (short) changed.probability())
                .bind("actualCloseDate", date(changed.actualCloseDate()))
                .bind("closeNote", text(changed.closeNote()))
                .bind("actualRevenueAmount", amount(changed.actualRevenue()))
                .bind("actualRevenueCurrency", currency(changed.actualRevenue()))
                .bind("version", changed.version())
                .bind("previousVersion", changed.version() - 1)
                .bind("updatedAt", utc(changed.updatedAt()))
                .fetch().rowsUpdated()
                .flatMap(updated -> updated == 1 ? Mono.<Void>empty()
                        : Mono.error(new OptimisticLockingFailureException(
                                "opportunity " + changed.id() + " changed concurrently")));
    }

    /**
     * Writes an edit (PATCH) over the version it was made from: the details a user changes, never
     * the stage, status or close.
     *
     * @throws OptimisticLockingFailureException when someone else changed it in between
     */
    Mono<Void> updateDetails(Opportunity edited) {
        Money revenue = edited.estimatedRevenue();
        return db.sql("""
                        UPDATE opportunity
                           SET name = :name, account_id = :accountId, contact_id = :contactId, owner_id = :ownerId,
                               probability = :probability, estimated_revenue_amount = :revenueAmount,
                               estimated_revenue_currency = :revenueCurrency, estimated_close_date = :estimatedCloseDate,
                               price_list_id = :priceListId, version = :version, updated_at = :updatedAt
                         WHERE id = :id AND version = :previousVersion
                        """)
                .bind("id", edited.id())
                .bind("name", edited.name())
                .bind("accountId", uuid(edited.customer().accountId()))
                .bind("contactId", uuid(edited.customer().contactId()))
                .bind("ownerId", text(edited.ownerId()))
                .bind("probability", (short) edited.probability())
                .bind("revenueAmount", Parameter.fromOrEmpty(revenue == null ? null : revenue.amount(), BigDecimal.class))
                .bind("revenueCurrency", text(revenue == null ? null : revenue.currency().getCurrencyCode()))
                .bind("estimatedCloseDate", date(edited.estimatedCloseDate()))
                .bind("priceListId", uuid(edited.priceListId()))
                .bind("version", edited.version())
                .bind("previousVersion", edited.version() - 1)
                .bind("updatedAt", utc(edited.updatedAt()))
                .fetch().rowsUpdated()
                .flatMap(updated -> updated == 1 ? Mono.<Void>empty()
                        : Mono.error(new OptimisticLockingFailureException(
                                "opportunity " + edited.id() + " changed concurrently")));
    }

    Mono<Void> insertStageChange(Opportunity before, Opportunity after, String actor) {
        return db.sql("""
                        INSERT INTO opportunity_stage_change (id, opportunity_id, from_stage, to_stage, changed_by, changed_at)
                        VALUES (:id, :opportunityId, :from, :to, :by, :at)
                        """)
                .bind("id", Ids.newId())
                .bind("opportunityId", after.id())
                .bind("from", before.stage().name())
                .bind("to", after.stage().name())
                .bind("by", text(actor))
                .bind("at", utc(after.updatedAt()))
                .fetch().rowsUpdated().then();
    }

    Mono<Void> insertClose(OpportunityClose close) {
        Money revenue = close.actualRevenue();
        return db.sql("""
                        INSERT INTO opportunity_close (id, opportunity_id, outcome, actual_revenue_amount,
                                                       actual_revenue_currency, actual_close_date, competitor, note,
                                                       closed_by, closed_at)
                        VALUES (:id, :opportunityId, :outcome, :amount, :currency, :date, :competitor, :note, :by, :at)
                        """)
                .bind("id", close.id())
                .bind("opportunityId", close.opportunityId())
                .bind("outcome", close.outcome().name())
                .bind("amount", Parameter.fromOrEmpty(revenue == null ? null : revenue.amount(), BigDecimal.class))
                .bind("currency", text(revenue == null ? null : revenue.currency().getCurrencyCode()))
                .bind("date", date(close.actualCloseDate()))
                .bind("competitor", text(close.competitor()))
                .bind("note", text(close.note()))
                .bind("by", text(close.closedBy()))
                .bind("at", utc(close.closedAt()))
                .fetch().rowsUpdated().then();
    }

    /** One row of the pipeline: open opportunities of a stage in a currency (null: without revenue). */
    record PipelineRow(OpportunityStage stage, String currency, long count, BigDecimal estimatedRevenue,
                       BigDecimal weightedRevenue) {
    }

    /**
     * The pipeline, summed by PostgreSQL: open opportunities per stage and currency, their count,
     * estimated revenue and probability-weighted revenue (exact numeric; rounded by the caller).
     */
    Flux<PipelineRow> pipeline(String ownerId, LocalDate from, LocalDate to) {
        StringBuilder sql = new StringBuilder("""
                SELECT stage, estimated_revenue_currency AS currency, count(*) AS n,
                       sum(estimated_revenue_amount) AS revenue,
                       sum(estimated_revenue_amount * probability / 100.0) AS weighted
                  FROM opportunity
                 WHERE status = 'OPEN'""");
        if (ownerId != null) {
            sql.append(" AND owner_id = :ownerId");
        }
        if (from != null) {
            sql.append(" AND estimated_close_date >= :from");
        }
        if (to != null) {
            sql.append(" AND estimated_close_date <= :to");
        }
        sql.append(" GROUP BY stage, estimated_revenue_currency");
        var spec = db.sql(sql.toString());
        if (ownerId != null) {
            spec = spec.bind("ownerId", ownerId);
        }
        if (from != null) {
            spec = spec.bind("from", from);
        }
        if (to != null) {
            spec = spec.bind("to", to);
        }
        return spec.map(row -> new PipelineRow(OpportunityStage.valueOf(row.get("stage", String.class)),
                        row.get("currency", String.class), row.get("n", Long.class),
                        row.get("revenue", BigDecimal.class), row.get("weighted", BigDecimal.class)))
                .all();
    }

    Mono<Opportunity> findById(UUID id) {
        return db.sql("SELECT * FROM opportunity WHERE id = :id").bind("id", id)
                .map(OpportunityRepository::toOpportunity).one();
    }

    /** Reads the opportunity and locks its row until the transaction ends. */
    Mono<Opportunity> findByIdForUpdate(UUID id) {
        return db.sql("SELECT * FROM opportunity WHERE id = :id FOR UPDATE").bind("id", id)
                .map(OpportunityRepository::toOpportunity).one();
    }

    /**
     * One page of opportunities, newest first (UUIDv7 ids sort by creation), {@code limit + 1}
     * rows so the caller can tell whether there is a next page. {@code visibleToRep} narrows to
     * that rep's own opportunities.
     */
    Flux<Opportunity> findPage(OpportunityFilter filter, String visibleToRep, PageRequest page) {
        return KeysetQuery.of("SELECT * FROM opportunity")
                .where("status = :status", "status", filter.status())
                .where("owner_id = :ownerId", "ownerId", filter.ownerId())
                .where("account_id = :accountId", "accountId", filter.accountId())
                .where("owner_id = :rep", "rep", visibleToRep)
                .page(page)
                .bind(db).map(OpportunityRepository::toOpportunity).all();
    }

    private static Parameter amount(Money money) {
        return Parameter.fromOrEmpty(money == null ? null : money.amount(), BigDecimal.class);
    }

    private static Parameter currency(Money money) {
        return Parameter.fromOrEmpty(money == null ? null : money.currency().getCurrencyCode(), String.class);
    }

    private static Opportunity toOpportunity(Readable row) {
        BigDecimal amount = row.get("estimated_revenue_amount", BigDecimal.class);
        Money revenue = amount == null ? null
                : Money.of(amount, row.get("estimated_revenue_currency", String.class).trim());
        BigDecimal actualAmount = row.get("actual_revenue_amount", BigDecimal.class);
        Money actualRevenue = actualAmount == null ? null
                : Money.of(actualAmount, row.get("actual_revenue_currency", String.class).trim());
        Customer customer = new Customer(row.get("account_id", UUID.class), row.get("contact_id", UUID.class));
        return new Opportunity(row.get("id", UUID.class), row.get("name", String.class), customer,
                row.get("owner_id", String.class), OpportunityStage.valueOf(row.get("stage", String.class)),
                OpportunityStatusReason.valueOf(row.get("status_reason", String.class)),
                row.get("probability", Short.class), revenue, row.get("estimated_close_date", LocalDate.class),
                row.get("price_list_id", UUID.class), row.get("source_lead_id", UUID.class), row.get("source_campaign_response_id", UUID.class),
                row.get("actual_close_date", LocalDate.class), row.get("close_note", String.class), actualRevenue,
                row.get("version", Long.class), row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("created_by", String.class), row.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
