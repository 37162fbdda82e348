package dev.salescrm.billing.invoice;

import java.time.LocalDate;
import java.util.UUID;

import dev.salescrm.billing.invoice.domain.InvoiceStatus;

/**
 * What an invoice list may be narrowed to; every field is optional.
 *
 * @param from the first UTC day of issue to include
 * @param to   the last UTC day of issue to include (the whole day)
 */
record InvoiceFilter(InvoiceStatus status, UUID accountId, UUID orderId, LocalDate from, LocalDate to) {
}
