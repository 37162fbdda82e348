package dev.salescrm.billing.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.salescrm.billing.order.domain.Order;
import dev.salescrm.billing.order.domain.OrderLine;
import dev.salescrm.billing.order.domain.OrderTotals;
import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.outbox.OutboxEvent;

/**
 * The order events other teams consume (EVENTS.md; schemas in contracts): written deliberately
 * here, never by serialising the domain object. Key: the order id. Optional fields are omitted,
 * never null (contracts/README.md).
 */
final class OrderEvents {

    static final String AGGREGATE = "order";

    private OrderEvents() {
    }

    /**
     * {@code common.json#/$defs/documentLine}. {@code volumeDiscount} is not in that definition
     * (yet): it is passed on when the accepted quote carried it, so the order says what the quote
     * said; the schema allows it, as consumers ignore fields they do not know.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DocumentLineV1(UUID lineId, UUID productId, UUID unitId, String sku, String description, String quantity,
                          Money pricePerUnit, Money volumeDiscount, Money manualDiscount, Money extendedAmount) {

        static DocumentLineV1 of(OrderLine line) {
            return new DocumentLineV1(line.lineId(), line.productId(), line.unitId(), line.sku(), line.description(),
                    line.quantity().toPlainString(), line.pricePerUnit(), line.volumeDiscount(), line.manualDiscount(),
                    line.extendedAmount());
        }
    }

    /** {@code common.json#/$defs/documentTotals}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DocumentTotalsV1(Money detailAmount, Money discountAmount, Money taxAmount, Money totalAmount) {

        static DocumentTotalsV1 of(OrderTotals totals) {
            return new DocumentTotalsV1(totals.detailAmount(), totals.discountAmount(), totals.taxAmount(),
                    totals.totalAmount());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OrderCreatedV1(UUID orderId, String orderNumber, UUID quoteId, UUID opportunityId, UUID accountId,
                          UUID contactId, UUID priceListId, String status, List<DocumentLineV1> lines,
                          DocumentTotalsV1 totals, long version, Instant occurredAt, String actor) {
    }

    /** The order as created; the actor is whoever accepted the quote. */
    static OutboxEvent created(Order order) {
        var payload = new OrderCreatedV1(order.id(), order.orderNumber(), order.quoteId(), order.opportunityId(),
                order.accountId(), order.contactId(), order.priceListId(), order.status().name(),
                order.lines().stream().map(DocumentLineV1::of).toList(), DocumentTotalsV1.of(order.totals()),
                order.version(), order.createdAt(), order.createdBy());
        return OutboxEvent.of(Topics.BILLING_EVENTS, AGGREGATE, order.id(), EventTypes.ORDER_CREATED, payload);
    }
}
