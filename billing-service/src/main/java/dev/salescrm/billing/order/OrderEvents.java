package dev.salescrm.billing.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.salescrm.billing.order.DocumentPayloads.DocumentLineV1;
import dev.salescrm.billing.order.DocumentPayloads.DocumentTotalsV1;
import dev.salescrm.billing.order.domain.Order;
import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.outbox.OutboxEvent;

/**
 * The order events other teams consume (EVENTS.md; schemas in contracts): written deliberately
 * here, never by serialising the domain object. Key: the order id. Optional fields are omitted,
 * never null (contracts/README.md).
 *
 * <p>Changing an ACTIVE order's lines announces nothing: the contract has no order-changed type.
 * The invoice's {@code crm.invoice.issued.v1} carries the lines and totals that were billed.
 */
final class OrderEvents {

    /**
     * The outbox's aggregate type of every event on the billing topic, the invoice's too: they are
     * one stream per order (key = order id), which the relay keeps in commit order only within one
     * aggregate type and id.
     */
    static final String AGGREGATE = "order";

    private OrderEvents() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OrderCreatedV1(UUID orderId, String orderNumber, UUID quoteId, UUID opportunityId, UUID accountId,
                          UUID contactId, UUID priceListId, String status, List<DocumentLineV1> lines,
                          DocumentTotalsV1 totals, long version, Instant occurredAt, String actor) {
    }

    /** {@code crm.order.submitted.v1} and {@code crm.order.fulfilled.v1}: the same fields. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OrderStatusChangedV1(UUID orderId, String orderNumber, UUID accountId, long version, Instant occurredAt,
                                String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OrderCanceledV1(UUID orderId, String orderNumber, UUID accountId, String reason, long version,
                           Instant occurredAt, String actor) {
    }

    /** The order as created; the actor is whoever accepted the quote. */
    static OutboxEvent created(Order order) {
        var payload = new OrderCreatedV1(order.id(), order.orderNumber(), order.quoteId(), order.opportunityId(),
                order.accountId(), order.contactId(), order.priceListId(), order.status().name(),
                DocumentPayloads.lines(order.lines()), DocumentTotalsV1.of(order.totals()),
                order.version(), order.createdAt(), order.createdBy());
        return OutboxEvent.of(Topics.BILLING_EVENTS, AGGREGATE, order.id(), EventTypes.ORDER_CREATED, payload);
    }

    static OutboxEvent submitted(Order order, String actor) {
        return statusChanged(order, EventTypes.ORDER_SUBMITTED, actor);
    }

    static OutboxEvent fulfilled(Order order, String actor) {
        return statusChanged(order, EventTypes.ORDER_FULFILLED, actor);
    }

    static OutboxEvent canceled(Order order, String actor) {
        var payload = new OrderCanceledV1(order.id(), order.orderNumber(), order.accountId(), order.cancelReason(),
                order.version(), order.updatedAt(), actor);
        return OutboxEvent.of(Topics.BILLING_EVENTS, AGGREGATE, order.id(), EventTypes.ORDER_CANCELED, payload);
    }

    private static OutboxEvent statusChanged(Order order, String type, String actor) {
        var payload = new OrderStatusChangedV1(order.id(), order.orderNumber(), order.accountId(), order.version(),
                order.updatedAt(), actor);
        return OutboxEvent.of(Topics.BILLING_EVENTS, AGGREGATE, order.id(), type, payload);
    }
}
