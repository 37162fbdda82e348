package dev.salescrm.billing.order;

import static dev.salescrm.platform.persistence.SqlValues.text;
import static dev.salescrm.platform.persistence.SqlValues.utc;
import static dev.salescrm.platform.persistence.SqlValues.uuid;

import java.math.BigDecimal;
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

import dev.salescrm.billing.order.domain.Order;
import dev.salescrm.billing.order.domain.OrderLine;
import dev.salescrm.billing.order.domain.OrderStatus;
import dev.salescrm.billing.order.domain.OrderTotals;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.persistence.KeysetQuery;
import dev.salescrm.platform.web.ConcurrentUpdateException;
import dev.salescrm.platform.web.PageRequest;

/**
 * Orders and their lines in PostgreSQL, through plain SQL: what is stored is what you read here.
 * Amounts are stored as {@code numeric} beside the order's one currency code.
 */
@Repository
class OrderRepository {

    private final DatabaseClient db;

    OrderRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The next running number of {@code ORD-<year>-<number>}. */
    Mono<Long> nextOrderNumber() {
        return db.sql("SELECT nextval('sales_order_number_seq')").map(row -> row.get(0, Long.class)).one();
    }

    /** The order an accepted quote already became, if any. */
    Mono<UUID> findOrderIdOfQuote(UUID quoteId) {
        return db.sql("SELECT id FROM sales_order WHERE quote_id = :quoteId").bind("quoteId", quoteId)
                .map(row -> row.get("id", UUID.class)).one();
    }

    /**
     * Stores a new order with its lines; an order with this id already there is left alone (the
     * accepted quote may be announced more than once, even under another event id).
     *
     * @return whether the order was stored now
     */
    Mono<Boolean> insertIfAbsent(Order order) {
        OrderTotals totals = order.totals();
        return db.sql("""
                        INSERT INTO sales_order (id, order_number, quote_id, opportunity_id, account_id, contact_id,
                                                 owner_id, price_list_id, name, currency, detail_amount,
                                                 discount_amount, tax_amount, total_amount, status, cancel_reason,
                                                 version, created_at, created_by, updated_at)
                        VALUES (:id, :orderNumber, :quoteId, :opportunityId, :accountId, :contactId, :ownerId,
                                :priceListId, :name, :currency, :detailAmount, :discountAmount, :taxAmount,
                                :totalAmount, :status, :cancelReason, :version, :createdAt, :createdBy, :updatedAt)
                        ON CONFLICT (id) DO NOTHING
                        """)
                .bind("id", order.id())
                .bind("orderNumber", order.orderNumber())
                .bind("quoteId", order.quoteId())
                .bind("opportunityId", order.opportunityId())
                .bind("accountId", uuid(order.accountId()))
                .bind("contactId", uuid(order.contactId()))
                .bind("ownerId", text(order.ownerId()))
                .bind("priceListId", uuid(order.priceListId()))
                .bind("name", text(order.name()))
                .bind("currency", order.currency().getCurrencyCode())
                .bind("detailAmount", amount(totals.detailAmount()))
                .bind("discountAmount", amount(totals.discountAmount()))
                .bind("taxAmount", amount(totals.taxAmount()))
                .bind("totalAmount", totals.totalAmount().amount())
                .bind("status", order.status().name())
                .bind("cancelReason", text(order.cancelReason()))
                .bind("version", order.version())
                .bind("createdAt", utc(order.createdAt()))
                .bind("createdBy", text(order.createdBy()))
                .bind("updatedAt", utc(order.updatedAt()))
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 1 ? insertLines(order).thenReturn(true) : Mono.just(false));
    }

    /**
     * Writes the next version of an order — status, reason, totals, and the lines when they changed —
     * only if the stored one is still {@code expectedVersion}; an order changed in between is a lost
     * race ({@link ConcurrentUpdateException}), never an overwrite.
     *
     * @param linesChanged whether the lines differ from the stored ones (an edit); they are then
     *                     replaced as a whole, a handful of rows
     */
    Mono<Void> update(Order order, long expectedVersion, boolean linesChanged) {
        OrderTotals totals = order.totals();
        return db.sql("""
                        UPDATE sales_order
                           SET status = :status, cancel_reason = :cancelReason, detail_amount = :detailAmount,
                               discount_amount = :discountAmount, tax_amount = :taxAmount,
                               total_amount = :totalAmount, version = :version, updated_at = :updatedAt
                         WHERE id = :id AND version = :expectedVersion
                        """)
                .bind("status", order.status().name())
                .bind("cancelReason", text(order.cancelReason()))
                .bind("detailAmount", amount(totals.detailAmount()))
                .bind("discountAmount", amount(totals.discountAmount()))
                .bind("taxAmount", amount(totals.taxAmount()))
                .bind("totalAmount", totals.totalAmount().amount())
                .bind("version", order.version())
                .bind("updatedAt", utc(order.updatedAt()))
                .bind("id", order.id())
                .bind("expectedVersion", expectedVersion)
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 1 ? Mono.<Void>empty()
                        : Mono.error(new ConcurrentUpdateException("order", order.id())))
                .then(linesChanged ? replaceLines(order) : Mono.empty());
    }

    private Mono<Void> replaceLines(Order order) {
        return db.sql("DELETE FROM sales_order_line WHERE order_id = :id").bind("id", order.id())
                .fetch().rowsUpdated()
                .then(insertLines(order));
    }

    /** One statement per line: an accepted quote has a handful of lines, not thousands. */
    private Mono<Void> insertLines(Order order) {
        List<OrderLine> lines = order.lines();
        return Flux.range(0, lines.size())
                .concatMap(index -> {
                    OrderLine line = lines.get(index);
                    return db.sql("""
                                    INSERT INTO sales_order_line (order_id, line_number, line_id, product_id, unit_id, sku,
                                                                  description, quantity, price_per_unit,
                                                                  volume_discount, manual_discount, extended_amount)
                                    VALUES (:orderId, :lineNumber, :lineId, :productId, :unitId, :sku, :description,
                                            :quantity, :pricePerUnit, :volumeDiscount, :manualDiscount,
                                            :extendedAmount)
                                    """)
                            .bind("orderId", order.id())
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
                            .fetch().rowsUpdated();
                })
                .then();
    }

    Mono<Order> findById(UUID id) {
        return findOne("SELECT * FROM sales_order WHERE id = :id", id);
    }

    /**
     * The order, its row locked until the surrounding transaction ends: a second change of the same
     * order waits, then sees this one's result (its If-Match, its status) instead of racing it.
     */
    Mono<Order> findByIdForUpdate(UUID id) {
        return findOne("SELECT * FROM sales_order WHERE id = :id FOR UPDATE", id);
    }

    private Mono<Order> findOne(String sql, UUID id) {
        return db.sql(sql).bind("id", id)
                .map(OrderRepository::toHeader).all()
                .collectList()
                .flatMap(this::withLines)
                .flatMap(orders -> Mono.justOrEmpty(orders.stream().findFirst()));
    }

    /**
     * One page, newest first (UUIDv7 ids sort by creation), {@code limit + 1} orders.
     *
     * @param visibleToRep when set, only the orders this sales rep owns
     */
    Mono<List<Order>> findPage(OrderFilter filter, String visibleToRep, PageRequest page) {
        return KeysetQuery.of("SELECT * FROM sales_order")
                .where("account_id = :accountId", "accountId", filter.accountId())
                .where("opportunity_id = :opportunityId", "opportunityId", filter.opportunityId())
                .where("status = :status", "status", filter.status())
                .where("created_at >= :createdFrom", "createdFrom",
                        filter.createdFrom() == null ? null : filter.createdFrom().atStartOfDay().atOffset(ZoneOffset.UTC))
                .where("created_at < :createdBefore", "createdBefore",
                        filter.createdTo() == null ? null : filter.createdTo().plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC))
                .where("owner_id = :rep", "rep", visibleToRep)
                .page(page)
                .bind(db).map(OrderRepository::toHeader).all()
                .collectList()
                .flatMap(this::withLines);
    }

    /** The lines of all these orders in one query, each order getting its own in the quote's order. */
    private Mono<List<Order>> withLines(List<Header> headers) {
        if (headers.isEmpty()) {
            return Mono.just(List.of());
        }
        Map<UUID, List<LineRow>> linesByOrder = new LinkedHashMap<>();
        headers.forEach(header -> linesByOrder.put(header.id(), new ArrayList<>()));
        UUID[] ids = linesByOrder.keySet().toArray(UUID[]::new);
        return db.sql("SELECT * FROM sales_order_line WHERE order_id = ANY(:ids) ORDER BY order_id, line_number")
                .bind("ids", ids)
                .map(OrderRepository::toLineRow).all()
                .doOnNext(line -> linesByOrder.get(line.orderId()).add(line))
                .then(Mono.fromSupplier(() -> headers.stream()
                        .map(header -> header.toOrder(linesByOrder.get(header.id()))).toList()));
    }

    private static Parameter amount(Money money) {
        return Parameter.fromOrEmpty(money == null ? null : money.amount(), BigDecimal.class);
    }

    /** An order row before its lines are read. */
    private record Header(UUID id, String orderNumber, UUID quoteId, UUID opportunityId, UUID accountId,
                          UUID contactId, String ownerId, UUID priceListId, String name, Currency currency,
                          BigDecimal detailAmount, BigDecimal discountAmount, BigDecimal taxAmount,
                          BigDecimal totalAmount, OrderStatus status, String cancelReason, long version,
                          OffsetDateTime createdAt, String createdBy, OffsetDateTime updatedAt) {

        Order toOrder(List<LineRow> lines) {
            OrderTotals totals = new OrderTotals(money(detailAmount), money(discountAmount), money(taxAmount),
                    money(totalAmount));
            return new Order(id, orderNumber, quoteId, opportunityId, accountId, contactId, ownerId, priceListId, name,
                    currency, lines.stream().map(line -> line.toLine(currency)).toList(), totals, status, cancelReason,
                    version, createdAt.toInstant(), createdBy, updatedAt.toInstant());
        }

        private Money money(BigDecimal amount) {
            return amount == null ? null : new Money(amount, currency);
        }
    }

    private record LineRow(UUID orderId, int lineNumber, UUID lineId, UUID productId, UUID unitId, String sku,
                           String description, BigDecimal quantity, BigDecimal pricePerUnit, BigDecimal volumeDiscount,
                           BigDecimal manualDiscount, BigDecimal extendedAmount) {

        OrderLine toLine(Currency currency) {
            return new OrderLine(lineNumber, lineId, productId, unitId, sku, description, quantity,
                    new Money(pricePerUnit, currency), money(volumeDiscount, currency),
                    money(manualDiscount, currency), new Money(extendedAmount, currency));
        }

        private static Money money(BigDecimal amount, Currency currency) {
            return amount == null ? null : new Money(amount, currency);
        }
    }

    private static Header toHeader(Readable row) {
        return new Header(row.get("id", UUID.class), row.get("order_number", String.class),
                row.get("quote_id", UUID.class), row.get("opportunity_id", UUID.class),
                row.get("account_id", UUID.class), row.get("contact_id", UUID.class),
                row.get("owner_id", String.class), row.get("price_list_id", UUID.class),
                row.get("name", String.class), Money.currency(row.get("currency", String.class).trim()),
                row.get("detail_amount", BigDecimal.class), row.get("discount_amount", BigDecimal.class),
                row.get("tax_amount", BigDecimal.class), row.get("total_amount", BigDecimal.class),
                OrderStatus.valueOf(row.get("status", String.class)), row.get("cancel_reason", String.class),
                row.get("version", Long.class),
                row.get("created_at", OffsetDateTime.class), row.get("created_by", String.class),
                row.get("updated_at", OffsetDateTime.class));
    }

    private static LineRow toLineRow(Readable row) {
        return new LineRow(row.get("order_id", UUID.class), row.get("line_number", Integer.class),
                row.get("line_id", UUID.class),
                row.get("product_id", UUID.class), row.get("unit_id", UUID.class), row.get("sku", String.class),
                row.get("description", String.class), row.get("quantity", BigDecimal.class),
                row.get("price_per_unit", BigDecimal.class), row.get("volume_discount", BigDecimal.class),
                row.get("manual_discount", BigDecimal.class), row.get("extended_amount", BigDecimal.class));
    }
}
