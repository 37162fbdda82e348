package dev.salescrm.billing.order.domain;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What billing needs to know of a quote the customer accepted (opportunity-service's
 * {@code crm.quote.accepted.v1}): who bought what at which price, and the id the order must have.
 *
 * @param orderId the id opportunity-service allocated for the order and already told its client
 * @param actor   who accepted the quote; the order is theirs to answer for
 */
public record AcceptedQuote(UUID orderId, UUID quoteId, UUID opportunityId, UUID accountId, UUID contactId,
                            String ownerId, UUID priceListId, String name, List<OrderLine> lines,
                            OrderTotals totals, String actor) {

    public AcceptedQuote {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(quoteId, "quoteId");
        Objects.requireNonNull(opportunityId, "opportunityId");
        Objects.requireNonNull(totals, "totals");
        lines = List.copyOf(lines);
        // A quote is priced from one price list, in one currency; its order will be too.
        Order.requireOneCurrency(totals.totalAmount().currency(), lines, totals);
    }
}
