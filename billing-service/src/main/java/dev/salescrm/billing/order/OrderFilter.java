package dev.salescrm.billing.order;

import java.util.UUID;

import dev.salescrm.billing.order.domain.OrderStatus;

/** What an order list may be narrowed to; every field is optional. */
record OrderFilter(UUID accountId, UUID opportunityId, OrderStatus status) {
}
