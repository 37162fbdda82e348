package dev.salescrm.opportunity.quote;

import static dev.salescrm.platform.persistence.SqlValues.text;
import static dev.salescrm.platform.persistence.SqlValues.utc;
import static dev.salescrm.platform.persistence.SqlValues.uuid;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.opportunity.quote.domain.Quote;
import dev.salescrm.opportunity.quote.domain.QuoteLine;
import dev.salescrm.opportunity.quote.domain.QuoteStatus;
import dev.salescrm.opportunity.quote.domain.QuoteStatusReason;
import dev.salescrm.opportunity.quote.domain.QuoteTotals;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.persistence.KeysetQuery;
import dev.salescrm.platform.web.PageRequest;

/**
 * Quotes and their lines in PostgreSQL, through plain SQL. Amounts are {@code numeric} in the
 * quote's currency (one {@code char(3)} on the quote); a quote is always read with all its lines.
 */
@Repository
class QuoteRepository {

    private final DatabaseClient db;

    QuoteRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Stores a new quote with its lines. */
    Mono<Void> insert(Quote q) {
        QuoteTotals totals = q.totals();
        return db.sql("""
                        INSERT INTO quote (id, opportunity_id, revision, revised_from_id, name, description, price_list_id,
                                           currency, valid_until, status, status_reason, detail_amount, discount_amount,
                                           total_amount, order_id, version, created_at, created_by, updated_at)
                        VALUES (:id, :opportunityId, :revision, :revisedFromId, :name, :description, :priceListId,
                                :currency, :validUntil, :status, :statusReason, :detail, :discount,
                                :total, :orderId, :version, :createdAt, :createdBy, :updatedAt)
                        """)
                .bind("id", q.id())
                .bind("opportunityId", q.opportunityId())
                .bind("revision", q.revision())
                .bind("revisedFromId", uuid(q.revisedFromId()))
                .bind("name", q.name())
                .bind("description", text(q.description()))
                .bind("priceListId", q.priceListId())
                .bind("currency", q.currency().getCurrencyCode())
                .bind("validUntil", q.validUntil())
                .bind("status", q.status().name())
                .bind("statusReason", q.statusReason().name())
                .bind("detail", totals.detailAmount().amount())
                .bind("discount", totals.discountAmount().amount())
                .bind("total", totals.totalAmount().amount())
                .bind("orderId", uuid(q.orderId()))
                .bind("version", q.version())
                .bind("createdAt", utc(q.createdAt()))
                .bind("createdBy", text(q.createdBy()))
                .bind("updatedAt", utc(q.updatedAt()))
                .fetch().rowsUpdated()
                .thenMany(Flux.fromIterable(q.lines()).concatMap(line -> insertLine(q.id(), line)))
                .then();
    }

    /**
     * Writes a change of the quote itself (details, status, totals) over the version it was made from.
     *
     * @throws OptimisticLockingFailureException when someone else changed it in between
     */
    Mono<Void> update(Quote q) {
        QuoteTotals totals = q.totals();
        return db.sql("""
                        UPDATE quote
                           SET name = :name, description = :description, valid_until = :validUntil, status = :status,
                               status_reason = :statusReason, detail_amount = :detail, discount_amount = :discount,
                               total_amount = :total, order_id = :orderId, version = :version, updated_at = :updatedAt
                         WHERE id = :id AND version = :previousVersion
                        """)
                .bind("id", q.id())
                .bind("name", q.name())
                .bind("description", text(q.description()))
                .bind("validUntil", q.validUntil())
                .bind("status", q.status().name())
                .bind("statusReason", q.statusReason().name())
                .bind("detail", totals.detailAmount().amount())
                .bind("discount", totals.discountAmount().amount())
                .bind("total", totals.totalAmount().amount())
                .bind("orderId", uuid(q.orderId()))
                .bind("version", q.version())
                .bind("previousVersion", q.version() - 1)
                .bind("updatedAt", utc(q.updatedAt()))
                .fetch().rowsUpdated()
                .flatMap(updated -> updated == 1 ? Mono.<Void>empty()
                        : Mono.error(new OptimisticLockingFailureException("quote " + q.id() + " changed concurrently")));
    }

    Mono<Void> insertLine(UUID quoteId, QuoteLine line) {
        return db.sql("""
                        INSERT INTO quote_line (id, quote_id, line_number, product_id, unit_id, description, quantity,
                                                price_per_unit, volume_discount, manual_discount, extended_amount)
                        VALUES (:id, :quoteId, :lineNumber, :productId, :unitId, :description, :quantity,
                                :pricePerUnit, :volumeDiscount, :manualDiscount, :extendedAmount)
                        """)
                .bind("id", line.id())
                .bind("quoteId", quoteId)
                .bind("lineNumber", line.lineNumber())
                .bind("productId", uuid(line.productId()))
                .bind("unitId", uuid(line.unitId()))
                .bind("description", text(line.description()))
                .bind("quantity", line.quantity())
                .bind("pricePerUnit", line.pricePerUnit().amount())
                .bind("volumeDiscount", line.volumeDiscount().amount())
                .bind("manualDiscount", line.manualDiscount().amount())
                .bind("extendedAmount", line.extendedAmount().amount())
                .fetch().rowsUpdated().then();
    }

    Mono<Void> updateLine(UUID quoteId, QuoteLine line) {
        return db.sql("""
                        UPDATE quote_line
                           SET description = :description, quantity = :quantity, price_per_unit = :pricePerUnit,
                               volume_discount = :volumeDiscount, manual_discount = :manualDiscount,
                               extended_amount = :extendedAmount
                         WHERE id = :id AND quote_id = :quoteId
                        """)
                .bind("id", line.id())
                .bind("quoteId", quoteId)
                .bind("description", text(line.description()))
                .bind("quantity", line.quantity())
                .bind("pricePerUnit", line.pricePerUnit().amount())
                .bind("volumeDiscount", line.volumeDiscount().amount())
                .bind("manualDiscount", line.manualDiscount().amount())
                .bind("extendedAmount", line.extendedAmount().amount())
                .fetch().rowsUpdated().then();
    }

    Mono<Void> deleteLine(UUID quoteId, UUID lineId) {
        return db.sql("DELETE FROM quote_line WHERE id = :id AND quote_id = :quoteId")
                .bind("id", lineId).bind("quoteId", quoteId)
                .fetch().rowsUpdated().then();
    }

    Mono<Quote> findById(UUID id) {
        return withLines(db.sql("SELECT * FROM quote WHERE id = :id").bind("id", id)
                .map(QuoteRepository::toRow).all()).next();
    }

    /** The opportunity a quote belongs to (a quote never moves to another). */
    Mono<UUID> findOpportunityId(UUID quoteId) {
        return db.sql("SELECT opportunity_id FROM quote WHERE id = :id").bind("id", quoteId)
                .map(row -> row.get("opportunity_id", UUID.class)).one();
    }

    /** One page of an opportunity's quotes, newest first, {@code limit + 1} rows (see {@code Page.of}). */
    Flux<Quote> findPage(UUID opportunityId, QuoteStatus status, PageRequest page) {
        return withLines(KeysetQuery.of("SELECT * FROM quote")
                .always("opportunity_id = :opportunityId", "opportunityId", opportunityId)
                .where("status = :status", "status", status)
                .page(page)
                .bind(db).map(QuoteRepository::toRow).all());
    }

    /** The opportunity's drafts and active quotes, oldest first. */
    Flux<Quote> findOpen(UUID opportunityId) {
        return withLines(db.sql("SELECT * FROM quote WHERE opportunity_id = :id AND status IN ('DRAFT', 'ACTIVE') ORDER BY id")
                .bind("id", opportunityId).map(QuoteRepository::toRow).all());
    }

    /** A quote row as read, before its lines are attached. */
    private record QuoteRow(UUID id, UUID opportunityId, int revision, UUID revisedFromId, String name,
                            String description, UUID priceListId, Currency currency, LocalDate validUntil,
                            QuoteStatusReason statusReason, BigDecimal discount, UUID orderId, long version,
                            Instant createdAt, String createdBy, Instant updatedAt) {

        Quote with(List<QuoteLine> lines) {
            return new Quote(id, opportunityId, revision, revisedFromId, name, description, priceListId, currency,
                    validUntil, statusReason, new Money(discount, currency), lines, orderId, version, createdAt, createdBy,
                    updatedAt);
        }
    }

    /** Attaches every quote's lines, read in one query, in line-number order; keeps the quotes' order. */
    private Flux<Quote> withLines(Flux<QuoteRow> rows) {
        return rows.collectList().flatMapMany(quotes -> {
            if (quotes.isEmpty()) {
                return Flux.empty();
            }
            Map<UUID, QuoteRow> byId = new LinkedHashMap<>();
            quotes.forEach(row -> byId.put(row.id(), row));
            return db.sql("SELECT * FROM quote_line WHERE quote_id = ANY(:ids) ORDER BY quote_id, line_number")
                    .bind("ids", byId.keySet().toArray(UUID[]::new))
                    .map(line -> Map.entry(line.get("quote_id", UUID.class), toLine(line, byId)))
                    .all()
                    .collectList()
                    .flatMapIterable(lines -> {
                        Map<UUID, List<QuoteLine>> grouped = new LinkedHashMap<>();
                        byId.keySet().forEach(id -> grouped.put(id, new ArrayList<>()));
                        lines.forEach(entry -> grouped.get(entry.getKey()).add(entry.getValue()));
                        return byId.values().stream().map(row -> row.with(grouped.get(row.id()))).toList();
                    });
        });
    }

    private static QuoteRow toRow(Readable row) {
        Currency currency = Money.currency(row.get("currency", String.class).trim());
        return new QuoteRow(row.get("id", UUID.class), row.get("opportunity_id", UUID.class),
                row.get("revision", Integer.class), row.get("revised_from_id", UUID.class), row.get("name", String.class),
                row.get("description", String.class), row.get("price_list_id", UUID.class), currency,
                row.get("valid_until", LocalDate.class),
                QuoteStatusReason.valueOf(row.get("status_reason", String.class)),
                row.get("discount_amount", BigDecimal.class), row.get("order_id", UUID.class),
                row.get("version", Long.class), row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("created_by", String.class), row.get("updated_at", OffsetDateTime.class).toInstant());
    }

    private static QuoteLine toLine(Readable row, Map<UUID, QuoteRow> quotes) {
        Currency currency = quotes.get(row.get("quote_id", UUID.class)).currency();
        return new QuoteLine(row.get("id", UUID.class), row.get("line_number", Integer.class),
                row.get("product_id", UUID.class), row.get("unit_id", UUID.class), row.get("description", String.class),
                row.get("quantity", BigDecimal.class), new Money(row.get("price_per_unit", BigDecimal.class), currency),
                new Money(row.get("volume_discount", BigDecimal.class), currency),
                new Money(row.get("manual_discount", BigDecimal.class), currency),
                new Money(row.get("extended_amount", BigDecimal.class), currency));
    }
}
