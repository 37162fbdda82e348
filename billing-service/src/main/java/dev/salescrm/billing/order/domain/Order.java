package dev.salescrm.billing.order.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.salescrm.platform.money.Money;

/**
 * A sales order: what a customer bought by accepting a quote, to be submitted, fulfilled and
 * invoiced. Immutable; every change returns the next version (version + 1, {@code updatedAt} now),
 * and every change not in {@link OrderStatusTransitions} is an {@link IllegalOrderTransition}.
 *
 * <p>One order is in one currency — the accepted quote's, which is its price list's — so every
 * amount on it is in {@link #currency()}; anything else is refused, never converted.
 *
 * @param id           the id the accepted quote announced (never one of ours)
 * @param orderNumber  the human number, {@code ORD-2026-000042} ({@link OrderNumber})
 * @param ownerId      the salesperson who owns the deal (identity subject); a sales rep sees their own orders
 * @param cancelReason why it was canceled; set only on a CANCELED order
 * @param version      optimistic-concurrency version, starts at 1, exposed as the ETag
 * @param createdBy    who accepted the quote, if a user did
 */
public record Order(UUID id, String orderNumber, UUID quoteId, UUID opportunityId, UUID accountId, UUID contactId,
                    String ownerId, UUID priceListId, String name, Currency currency, List<OrderLine> lines,
                    OrderTotals totals, OrderStatus status, String cancelReason, long version, Instant createdAt,
                    String createdBy, Instant updatedAt) {

    /** A cancellation reason is a sentence or two, not a document. */
    public static final int MAX_REASON_LENGTH = 1000;

    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(orderNumber, "orderNumber");
        Objects.requireNonNull(quoteId, "quoteId");
        Objects.requireNonNull(opportunityId, "opportunityId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        lines = List.copyOf(lines);
        requireOneCurrency(currency, lines, totals);
    }

    /**
     * The order an accepted quote becomes: ACTIVE, version 1, with the quote's lines and totals as
     * they were accepted and the currency of its total.
     */
    public static Order fromAcceptedQuote(AcceptedQuote quote, String orderNumber, Instant now) {
        return new Order(quote.orderId(), orderNumber, quote.quoteId(), quote.opportunityId(), quote.accountId(),
                quote.contactId(), quote.ownerId(), quote.priceListId(), quote.name(),
                quote.totals().totalAmount().currency(), quote.lines(), quote.totals(), OrderStatus.ACTIVE, null, 1,
                now, quote.actor(), now);
    }

    // ---- the state machine -----------------------------------------------------------------------

    /** ACTIVE → SUBMITTED: handed to fulfilment; its lines are fixed from now on. */
    public Order submit(Instant now) {
        return moveTo(OrderAction.SUBMIT, OrderStatus.SUBMITTED, null, now);
    }

    /** SUBMITTED → FULFILLED: delivered, and so ready to be invoiced. */
    public Order fulfill(Instant now) {
        return moveTo(OrderAction.FULFILL, OrderStatus.FULFILLED, null, now);
    }

    /**
     * ACTIVE or SUBMITTED → CANCELED, with the reason; a fulfilled order is not called off by
     * changing its status.
     *
     * @throws InvalidOrderChange naming {@code reason} when it is blank or too long
     */
    public Order cancel(String reason, Instant now) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidOrderChange("reason", "is required: say why the order is canceled");
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            throw new InvalidOrderChange("reason", "must be at most " + MAX_REASON_LENGTH + " characters");
        }
        return moveTo(OrderAction.CANCEL, OrderStatus.CANCELED, reason.strip(), now);
    }

    /**
     * FULFILLED → INVOICED, in the transaction that issues its one invoice. An order that comes to
     * less than zero (a quote's arithmetic billing copied without checking) is not invoiced.
     */
    public Order invoice(Instant now) {
        Order invoiced = moveTo(OrderAction.INVOICE, OrderStatus.INVOICED, null, now);
        if (totals.totalAmount().isNegative()) {
            throw new IllegalOrderTransition(OrderAction.INVOICE, status, "order " + orderNumber + " comes to "
                    + totals.totalAmount() + "; a negative amount is not invoiced");
        }
        return invoiced;
    }

    private Order moveTo(OrderAction action, OrderStatus next, String reason, Instant now) {
        if (!OrderStatusTransitions.allows(status, next)) {
            throw new IllegalOrderTransition(action, status,
                    "cannot " + action.verb() + " order " + orderNumber + " in status " + status);
        }
        return new Order(id, orderNumber, quoteId, opportunityId, accountId, contactId, ownerId, priceListId, name,
                currency, lines, totals, next, reason, version + 1, createdAt, createdBy, now);
    }

    // ---- editing the lines (ACTIVE only) -----------------------------------------------------------

    /** Only an ACTIVE order's lines can change: once submitted, fulfilment works from them. */
    public boolean isEditable() {
        return status == OrderStatus.ACTIVE;
    }

    /**
     * The order with one line at another quantity, that line re-computed from its accepted price and
     * discounts ({@link OrderLine#withQuantity}) and the totals from the lines.
     *
     * @throws IllegalOrderTransition when the order is not ACTIVE, or carries a tax amount
     * @throws NoSuchOrderLine        when it has no such line
     * @throws InvalidOrderChange     naming {@code quantity} when the quantity is not acceptable
     */
    public Order changeQuantity(int lineNumber, BigDecimal quantity, Instant now) {
        requireEditable();
        List<OrderLine> changed = new ArrayList<>(lines);
        int index = indexOf(lineNumber);
        changed.set(index, lines.get(index).withQuantity(quantity));
        OrderTotals recomputed = OrderTotals.of(currency, changed, totals.discountAmount());
        if (recomputed.totalAmount().isNegative()) {
            throw new InvalidOrderChange("quantity", "the order would come to " + recomputed.totalAmount()
                    + ", less than its accepted discount of " + totals.discountAmount());
        }
        return withLines(changed, recomputed, now);
    }

    /**
     * The order without one line, its totals recomputed. An order keeps at least one line (to call it
     * off, cancel it).
     *
     * @throws IllegalOrderTransition when the order is not ACTIVE, carries a tax amount, has only this
     *                                line, or would come to less than zero without it
     * @throws NoSuchOrderLine        when it has no such line
     */
    public Order removeLine(int lineNumber, Instant now) {
        requireEditable();
        int index = indexOf(lineNumber);
        if (lines.size() == 1) {
            throw new IllegalOrderTransition(OrderAction.EDIT_LINES, status, "line " + lineNumber
                    + " is the last line of order " + orderNumber + "; an order keeps at least one line (cancel it instead)");
        }
        List<OrderLine> remaining = new ArrayList<>(lines);
        remaining.remove(index);
        OrderTotals recomputed = OrderTotals.of(currency, remaining, totals.discountAmount());
        if (recomputed.totalAmount().isNegative()) {
            throw new IllegalOrderTransition(OrderAction.EDIT_LINES, status, "without line " + lineNumber
                    + " order " + orderNumber + " would come to " + recomputed.totalAmount()
                    + ", less than its accepted discount of " + totals.discountAmount());
        }
        return withLines(remaining, recomputed, now);
    }

    private void requireEditable() {
        if (!isEditable()) {
            throw new IllegalOrderTransition(OrderAction.EDIT_LINES, status, "the lines of order " + orderNumber
                    + " can only be changed while it is ACTIVE; it is " + status);
        }
        if (totals.taxAmount() != null) {
            throw new IllegalOrderTransition(OrderAction.EDIT_LINES, status, "order " + orderNumber
                    + " carries a tax amount, which billing cannot recompute; revise the quote instead");
        }
    }

    private int indexOf(int lineNumber) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).lineNumber() == lineNumber) {
                return i;
            }
        }
        throw new NoSuchOrderLine(lineNumber);
    }

    private Order withLines(List<OrderLine> changed, OrderTotals recomputed, Instant now) {
        return new Order(id, orderNumber, quoteId, opportunityId, accountId, contactId, ownerId, priceListId, name,
                currency, changed, recomputed, status, cancelReason, version + 1, createdAt, createdBy, now);
    }

    // ---- invariants --------------------------------------------------------------------------------

    /** @throws IllegalArgumentException when an amount of the lines or totals is not in {@code currency} */
    static void requireOneCurrency(Currency currency, List<OrderLine> lines, OrderTotals totals) {
        for (Money amount : totals.amounts()) {
            requireCurrency(currency, amount, "the totals");
        }
        for (int i = 0; i < lines.size(); i++) {
            for (Money amount : lines.get(i).amounts()) {
                requireCurrency(currency, amount, "line " + (i + 1));
            }
        }
    }

    private static void requireCurrency(Currency currency, Money amount, String where) {
        if (!amount.currency().equals(currency)) {
            throw new IllegalArgumentException("an order is in one currency: " + where + " has " + amount
                    + " on an order in " + currency.getCurrencyCode());
        }
    }
}
