package dev.salescrm.billing.invoice;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.salescrm.billing.invoice.domain.Invoice;
import dev.salescrm.billing.order.DocumentPayloads;
import dev.salescrm.billing.order.DocumentPayloads.DocumentLineV1;
import dev.salescrm.billing.order.DocumentPayloads.DocumentTotalsV1;
import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.outbox.OutboxEvent;

/**
 * The invoice events (EVENTS.md, schemas {@code crm.invoice.*.v1}), written deliberately here. Their
 * record key is the <em>order</em> id, as the contract says: an order's events and its invoice's
 * form one stream on {@code crm.billing.events.v1}, so the outbox row's aggregate is the order too
 * (aggregate type {@code order}) — the relay keeps commit order within one aggregate, and a consumer
 * sees "fulfilled" before "issued" before "paid".
 */
final class InvoiceEvents {

    /** The aggregate of the billing stream; the same as the order events' (see above). */
    static final String AGGREGATE = "order";

    private InvoiceEvents() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InvoiceIssuedV1(UUID invoiceId, UUID orderId, String number, UUID accountId, List<DocumentLineV1> lines,
                           DocumentTotalsV1 totals, LocalDate dueDate, long version, Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InvoicePaidV1(UUID invoiceId, UUID orderId, String number, UUID accountId, Money amountPaid, Instant paidAt,
                         long version, Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InvoiceCanceledV1(UUID invoiceId, UUID orderId, String number, UUID accountId, String reason, long version,
                             Instant occurredAt, String actor) {
    }

    static OutboxEvent issued(Invoice invoice, String actor) {
        var payload = new InvoiceIssuedV1(invoice.id(), invoice.orderId(), invoice.number().toString(),
                invoice.accountId(), DocumentPayloads.lines(invoice.lines()), DocumentTotalsV1.of(invoice.totals()),
                invoice.dueDate(), invoice.version(), invoice.issuedAt(), actor);
        return OutboxEvent.of(Topics.BILLING_EVENTS, AGGREGATE, invoice.orderId(), EventTypes.INVOICE_ISSUED, payload);
    }

    /** The invoice is paid in full; {@code paidAt} is when the completing payment was made. */
    static OutboxEvent paid(Invoice invoice, String actor) {
        var payload = new InvoicePaidV1(invoice.id(), invoice.orderId(), invoice.number().toString(),
                invoice.accountId(), invoice.amountPaid(), invoice.paidAt(), invoice.version(), invoice.updatedAt(),
                actor);
        return OutboxEvent.of(Topics.BILLING_EVENTS, AGGREGATE, invoice.orderId(), EventTypes.INVOICE_PAID, payload);
    }

    static OutboxEvent canceled(Invoice invoice, String actor) {
        var payload = new InvoiceCanceledV1(invoice.id(), invoice.orderId(), invoice.number().toString(),
                invoice.accountId(), invoice.cancelReason(), invoice.version(), invoice.canceledAt(), actor);
        return OutboxEvent.of(Topics.BILLING_EVENTS, AGGREGATE, invoice.orderId(), EventTypes.INVOICE_CANCELED, payload);
    }
}
