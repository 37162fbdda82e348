package dev.salescrm.billing.invoice;

import static dev.salescrm.platform.persistence.SqlValues.text;
import static dev.salescrm.platform.persistence.SqlValues.utc;
import static dev.salescrm.platform.persistence.SqlValues.uuid;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.billing.invoice.domain.Invoice;
import dev.salescrm.billing.invoice.domain.InvoiceNumber;
import dev.salescrm.billing.invoice.domain.InvoiceStatus;
import dev.salescrm.billing.invoice.domain.Payment;
import dev.salescrm.billing.order.domain.OrderLine;
import dev.salescrm.billing.order.domain.OrderTotals;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.persistence.KeysetQuery;
import dev.salescrm.platform.web.ConcurrentUpdateException;
import dev.salescrm.platform.web.PageRequest;

/**
 * Invoices, their lines and their payments in PostgreSQL, through plain SQL. Amounts are
 * {@code numeric} beside the invoice's one currency code; {@code amount_paid} is kept equal to the
 * sum of the payments (and within the total by a check constraint).
 */
@Repository
class InvoiceRepository {

    private final DatabaseClient db;

    InvoiceRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> insert(Invoice invoice) {
        OrderTotals totals = invoice.totals();
        return db.sql("""
                        INSERT INTO invoice (id, number, year, sequence, order_id, order_number, account_id, owner_id,
                                             currency, detail_amount, discount_amount, tax_amount, total_amount,
                                             amount_paid, status, issued_at, due_date, payment_terms_days, paid_at,
                                             cancel_reason, canceled_at, version, issued_by, updated_at)
                        VALUES (:id, :number, :year, :sequence, :orderId, :orderNumber, :accountId, :ownerId,
                                :currency, :detailAmount, :discountAmount, :taxAmount, :totalAmount,
                                :amountPaid, :status, :issuedAt, :dueDate, :paymentTermsDays, :paidAt,
                                :cancelReason, :canceledAt, :version, :issuedBy, :updatedAt)
                        """)
                .bind("id", invoice.id())
                .bind("number", invoice.number().toString())
                .bind("year", invoice.number().year())
                .bind("sequence", invoice.number().sequence())
                .bind("orderId", invoice.orderId())
                .bind("orderNumber", text(invoice.orderNumber()))
                .bind("accountId", uuid(invoice.accountId()))
                .bind("ownerId", text(invoice.ownerId()))
                .bind("currency", invoice.currency().getCurrencyCode())
                .bind("detailAmount", amount(totals.detailAmount()))
                .bind("discountAmount", amount(totals.discountAmount()))
                .bind("taxAmount", amount(totals.taxAmount()))
                .bind("totalAmount", totals.totalAmount().amount())
                .bind("amountPaid", invoice.amountPaid().amount())
                .bind("status", invoice.status().name())
                .bind("issuedAt", utc(invoice.issuedAt()))
                .bind("dueDate", invoice.dueDate())
                .bind("paymentTermsDays", invoice.paymentTermsDays())
                .bind("paidAt", instant(invoice.paidAt()))
                .bind("cancelReason", text(invoice.cancelReason()))
                .bind("canceledAt", instant(invoice.canceledAt()))
                .bind("version", invoice.version())
                .bind("issuedBy", text(invoice.issuedBy()))
                .bind("updatedAt", utc(invoice.updatedAt()))
                .fetch().rowsUpdated()
                .then(insertLines(invoice));
    }

    private Mono<Void> insertLines(Invoice invoice) {
        return Flux.fromIterable(invoice.lines())
                .concatMap(line -> db.sql("""
                                INSERT INTO invoice_line (invoice_id, line_number, line_id, product_id, unit_id, sku,
                                                          description, quantity, price_per_unit, volume_discount,
                                                          manual_discount, extended_amount)
                                VALUES (:invoiceId, :lineNumber, :lineId, :productId, :unitId, :sku, :description,
                                        :quantity, :pricePerUnit, :volumeDiscount, :manualDiscount, :extendedAmount)
                                """)
                        .bind("invoiceId", invoice.id())
                        .bind("lineNumber", line.lineNumber())
                        .bind("lineId", uuid(line.lineId()))
                        .bind("productId", uuid(line.productId()))
                        .bind("unitId", uuid(line.unitId()))
                        .bind("sku", text(line.sku()))
                        .bind("description", text(line.description()))
                        .bind("quantity", line.quantity())
                        .bind("pricePerUnit", line.pricePerUnit().amount())
                        .bind("volumeDiscount", amount(line.volumeDiscount()))
                        .bind("manualDiscount", amount(line.manualDiscount()))
                        .bind("extendedAmount", line.extendedAmount().amount())
                        .fetch().rowsUpdated())
                .then();
    }

    /**
     * Writes the next version's status, amounts paid and dates, only if the stored version is still
     * {@code expectedVersion} ({@link ConcurrentUpdateException} otherwise).
     */
    Mono<Void> update(Invoice invoice, long expectedVersion) {
        return db.sql("""
                        UPDATE invoice
                           SET status = :status, amount_paid = :amountPaid, paid_at = :paidAt,
                               cancel_reason = :cancelReason, canceled_at = :canceledAt, version = :version,
                               updated_at = :updatedAt
                         WHERE id = :id AND version = :expectedVersion
                        """)
                .bind("status", invoice.status().name())
                .bind("amountPaid", invoice.amountPaid().amount())
                .bind("paidAt", instant(invoice.paidAt()))
                .bind("cancelReason", text(invoice.cancelReason()))
                .bind("canceledAt", instant(invoice.canceledAt()))
                .bind("version", invoice.version())
                .bind("updatedAt", utc(invoice.updatedAt()))
                .bind("id", invoice.id())
                .bind("expectedVersion", expectedVersion)
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 1 ? Mono.<Void>empty()
                        : Mono.error(new ConcurrentUpdateException("invoice", invoice.id())));
    }

    Mono<Void> insertPayment(UUID invoiceId, Payment payment) {
        return db.sql("""
                        INSERT INTO invoice_payment (id, invoice_id, amount, paid_at, reference, recorded_at, recorded_by)
                        VALUES (:id, :invoiceId, :amount, :paidAt, :reference, :recordedAt, :recordedBy)
                        """)
                .bind("id", payment.id())
                .bind("invoiceId", invoiceId)
                .bind("amount", payment.amount().amount())
                .bind("paidAt", utc(payment.paidAt()))
                .bind("reference", text(payment.reference()))
                .bind("recordedAt", utc(payment.recordedAt()))
                .bind("recordedBy", text(payment.recordedBy()))
                .fetch().rowsUpdated().then();
    }

    Mono<Invoice> findById(UUID id) {
        return findOne("SELECT * FROM invoice WHERE id = :id", id);
    }

    /** The invoice, its row locked until the transaction ends: payments and cancellations of it take turns. */
    Mono<Invoice> findByIdForUpdate(UUID id) {
        return findOne("SELECT * FROM invoice WHERE id = :id FOR UPDATE", id);
    }

    private Mono<Invoice> findOne(String sql, UUID id) {
        return db.sql(sql).bind("id", id).map(InvoiceRepository::toHeader).all()
                .collectList()
                .flatMap(this::complete)
                .flatMap(invoices -> Mono.justOrEmpty(invoices.stream().findFirst()));
    }

    /**
     * One page, newest first (UUIDv7 ids sort by issue), {@code limit + 1} invoices.
     *
     * @param visibleToRep when set, only the invoices of this sales rep's deals
     */
    Mono<List<Invoice>> findPage(InvoiceFilter filter, String visibleToRep, PageRequest page) {
        return KeysetQuery.of("SELECT * FROM invoice")
                .where("status = :status", "status", filter.status())
                .where("account_id = :accountId", "accountId", filter.accountId())
                .where("order_id = :orderId", "orderId", filter.orderId())
                .where("issued_at >= :issuedFrom", "issuedFrom", startOf(filter.from()))
                .where("issued_at < :issuedBefore", "issuedBefore", filter.to() == null ? null : startOf(filter.to().plusDays(1)))
                .where("owner_id = :rep", "rep", visibleToRep)
                .page(page)
                .bind(db).map(InvoiceRepository::toHeader).all()
                .collectList()
                .flatMap(this::complete);
    }

    /** Lines and payments of all these invoices, two queries whatever the page size. */
    private Mono<List<Invoice>> complete(List<Header> headers) {
        if (headers.isEmpty()) {
            return Mono.just(List.of());
        }
        Map<UUID, List<OrderLine>> lines = new LinkedHashMap<>();
        Map<UUID, List<Payment>> payments = new LinkedHashMap<>();
        Map<UUID, Currency> currencies = new LinkedHashMap<>();
        headers.forEach(header -> {
            lines.put(header.id(), new ArrayList<>());
            payments.put(header.id(), new ArrayList<>());
            currencies.put(header.id(), header.currency());
        });
        UUID[] ids = lines.keySet().toArray(UUID[]::new);
        Mono<Void> readLines = db.sql("SELECT * FROM invoice_line WHERE invoice_id = ANY(:ids) ORDER BY invoice_id, line_number")
                .bind("ids", ids)
                .map(row -> {
                    UUID invoiceId = row.get("invoice_id", UUID.class);
                    return Map.entry(invoiceId, toLine(row, currencies.get(invoiceId)));
                }).all()
                .doOnNext(entry -> lines.get(entry.getKey()).add(entry.getValue()))
                .then();
        Mono<Void> readPayments = db.sql("SELECT * FROM invoice_payment WHERE invoice_id = ANY(:ids) ORDER BY invoice_id, id")
                .bind("ids", ids)
                .map(row -> {
                    UUID invoiceId = row.get("invoice_id", UUID.class);
                    return Map.entry(invoiceId, toPayment(row, currencies.get(invoiceId)));
                }).all()
                .doOnNext(entry -> payments.get(entry.getKey()).add(entry.getValue()))
                .then();
        return readLines.then(readPayments)
                .then(Mono.fromSupplier(() -> headers.stream()
                        .map(header -> header.toInvoice(lines.get(header.id()), payments.get(header.id()))).toList()));
    }

    private static OffsetDateTime startOf(LocalDate day) {
        return day == null ? null : day.atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    private static Parameter amount(Money money) {
        return Parameter.fromOrEmpty(money == null ? null : money.amount(), BigDecimal.class);
    }

    private static Parameter instant(Instant instant) {
        return Parameter.fromOrEmpty(instant == null ? null : utc(instant), OffsetDateTime.class);
    }

    /** An invoice row before its lines and payments are read. */
    private record Header(UUID id, String number, UUID orderId, String orderNumber, UUID accountId, String ownerId,
                          Currency currency, BigDecimal detailAmount, BigDecimal discountAmount, BigDecimal taxAmount,
                          BigDecimal totalAmount, InvoiceStatus status, OffsetDateTime issuedAt, LocalDate dueDate,
                          int paymentTermsDays, OffsetDateTime paidAt, String cancelReason, OffsetDateTime canceledAt,
                          long version, String issuedBy, OffsetDateTime updatedAt) {

        Invoice toInvoice(List<OrderLine> lines, List<Payment> payments) {
            OrderTotals totals = new OrderTotals(money(detailAmount, currency), money(discountAmount, currency),
                    money(taxAmount, currency), new Money(totalAmount, currency));
            return new Invoice(id, InvoiceNumber.parse(number), orderId, orderNumber, accountId, ownerId, currency,
                    lines, totals, status, issuedAt.toInstant(), dueDate, paymentTermsDays, payments,
                    paidAt == null ? null : paidAt.toInstant(), cancelReason,
                    canceledAt == null ? null : canceledAt.toInstant(), version, issuedBy, updatedAt.toInstant());
        }
    }

    private static Money money(BigDecimal amount, Currency currency) {
        return amount == null ? null : new Money(amount, currency);
    }

    private static Header toHeader(Readable row) {
        return new Header(row.get("id", UUID.class), row.get("number", String.class), row.get("order_id", UUID.class),
                row.get("order_number", String.class), row.get("account_id", UUID.class),
                row.get("owner_id", String.class), Money.currency(row.get("currency", String.class).trim()),
                row.get("detail_amount", BigDecimal.class), row.get("discount_amount", BigDecimal.class),
                row.get("tax_amount", BigDecimal.class), row.get("total_amount", BigDecimal.class),
                InvoiceStatus.valueOf(row.get("status", String.class)), row.get("issued_at", OffsetDateTime.class),
                row.get("due_date", LocalDate.class), row.get("payment_terms_days", Integer.class),
                row.get("paid_at", OffsetDateTime.class), row.get("cancel_reason", String.class),
                row.get("canceled_at", OffsetDateTime.class), row.get("version", Long.class),
                row.get("issued_by", String.class), row.get("updated_at", OffsetDateTime.class));
    }

    private static OrderLine toLine(Readable row, Currency currency) {
        return new OrderLine(row.get("line_number", Integer.class), row.get("line_id", UUID.class),
                row.get("product_id", UUID.class), row.get("unit_id", UUID.class), row.get("sku", String.class),
                row.get("description", String.class), row.get("quantity", BigDecimal.class),
                new Money(row.get("price_per_unit", BigDecimal.class), currency),
                money(row.get("volume_discount", BigDecimal.class), currency),
                money(row.get("manual_discount", BigDecimal.class), currency),
                new Money(row.get("extended_amount", BigDecimal.class), currency));
    }

    private static Payment toPayment(Readable row, Currency currency) {
        return new Payment(row.get("id", UUID.class), new Money(row.get("amount", BigDecimal.class), currency),
                row.get("paid_at", OffsetDateTime.class).toInstant(), row.get("reference", String.class),
                row.get("recorded_at", OffsetDateTime.class).toInstant(), row.get("recorded_by", String.class));
    }
}
