package dev.salescrm.billing.order;

import java.time.LocalDate;
import java.util.UUID;

import dev.salescrm.billing.order.domain.OrderStatus;

/**
 * What an order list may be narrowed to; every field is optional.
 *
 * @param createdFrom the first UTC day of creation to include
 * @param createdTo   the last UTC day of creation to include (the whole day)
 */
record OrderFilter(UUID accountId, UUID opportunityId, OrderStatus status, LocalDate createdFrom, LocalDate createdTo) {
}
