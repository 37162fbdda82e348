package dev.salescrm.billing.invoice;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.salescrm.billing.invoice.domain.Invoice;
import dev.salescrm.billing.invoice.domain.InvalidInvoiceRequest;
import dev.salescrm.billing.order.OrderInvoicing;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.outbox.OutboxWriter;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.InvalidRequestException;

/**
 * Invoicing a fulfilled order, all in one transaction: the order is locked and becomes INVOICED,
 * the year's next invoice number is taken, the invoice with the order's lines and totals is stored,
 * and {@code crm.invoice.issued.v1} is appended to the outbox (with {@code crm.invoice.paid.v1} for
 * an order that comes to zero). Any failure rolls all of it back — the number too, so it leaves no
 * gap (see {@link InvoiceNumbering}).
 *
 * <p>The steps run in that order on purpose: the order's lock comes first, so a second invoicing of
 * the same order waits there and then finds it INVOICED (409) without ever touching the counter;
 * the counter's lock, which every invoicer of the year shares, is taken last and held only for the
 * inserts and the commit.
 */
@Service
class Invoicing {

    private final OrderInvoicing orders;
    private final InvoiceNumbering numbering;
    private final InvoiceRepository invoices;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    Invoicing(OrderInvoicing orders, InvoiceNumbering numbering, InvoiceRepository invoices, OutboxWriter outbox,
              TransactionalOperator tx) {
        this.orders = orders;
        this.numbering = numbering;
        this.invoices = invoices;
        this.outbox = outbox;
        this.tx = tx;
    }

    /**
     * @param ifMatch          the order's ETag, if the caller wants to invoice only the version they read
     * @param paymentTermsDays days until the invoice is due, 0 … 365
     */
    Mono<Invoice> invoice(UUID orderId, String ifMatch, int paymentTermsDays, CurrentUser caller) {
        try {
            Invoice.requireTerms(paymentTermsDays);
        } catch (InvalidInvoiceRequest e) {
            return Mono.error(new InvalidRequestException(e.field(), e.getMessage()));
        }
        // Microseconds: what PostgreSQL keeps, so the invoice returned equals the invoice read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int year = now.atZone(ZoneOffset.UTC).getYear();
        return orders.markInvoiced(orderId, ifMatch, caller, now)
                .flatMap(order -> numbering.next(year)
                        .map(number -> Invoice.issue(Ids.newId(), number, order, paymentTermsDays, now, caller.id())))
                .flatMap(invoice -> invoices.insert(invoice)
                        .then(outbox.append(InvoiceEvents.issued(invoice, caller.id())))
                        .then(invoice.paidAt() == null ? Mono.empty() : outbox.append(InvoiceEvents.paid(invoice, caller.id())))
                        .thenReturn(invoice))
                .as(tx::transactional);
    }
}
