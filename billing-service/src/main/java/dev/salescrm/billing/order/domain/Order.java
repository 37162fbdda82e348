package dev.salescrm.billing.order.domain;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.salescrm.platform.money.Money;

/**
 * A sales order: what a customer bought by accepting a quote, to be fulfilled and invoiced.
 * Immutable; every change returns the next version.
 *
 * <p>One order is in one currency — the accepted quote's, which is its price list's — so every
 * amount on it is in {@link #currency()}; anything else is refused, never converted.
 *
 * @param id          the id the accepted quote announced (never one of ours)
 * @param orderNumber the human number, {@code ORD-2026-000042} ({@link OrderNumber})
 * @param ownerId     the salesperson who owns the deal (identity subject); a sales rep sees their own orders
 * @param version     optimistic-concurrency version, starts at 1, exposed as the ETag
 * @param createdBy   who accepted the quote, if a user did
 */
public record Order(UUID id, String orderNumber, UUID quoteId, UUID opportunityId, UUID accountId, UUID contactId,
                    String ownerId, UUID priceListId, String name, Currency currency, List<OrderLine> lines,
                    OrderTotals totals, OrderStatus status, long version, Instant createdAt, String createdBy,
                    Instant updatedAt) {

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
                quote.totals().totalAmount().currency(), quote.lines(), quote.totals(), OrderStatus.ACTIVE, 1,
                now, quote.actor(), now);
    }

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
