package dev.salescrm.billing.invoice;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.salescrm.billing.invoice.domain.IllegalInvoiceTransition;
import dev.salescrm.billing.invoice.domain.InvalidInvoiceRequest;
import dev.salescrm.billing.invoice.domain.Invoice;
import dev.salescrm.billing.invoice.domain.InvoiceStatus;
import dev.salescrm.billing.invoice.domain.Payment;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.outbox.OutboxEvent;
import dev.salescrm.platform.outbox.OutboxWriter;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.IllegalTransitionException;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.NotFoundException;

/**
 * Payments and cancellation of an issued invoice. Each locks the invoice row first, so concurrent
 * payments take turns: the second sees the balance the first left, and a payment that no longer
 * fits is an overpayment (409) — never two payments that together exceed the total. Then
 * {@code If-Match}, the invoice's own rules, and the next version with its event in one transaction.
 */
@Service
class InvoiceLifecycle {

    private final InvoiceRepository invoices;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    InvoiceLifecycle(InvoiceRepository invoices, OutboxWriter outbox, TransactionalOperator tx) {
        this.invoices = invoices;
        this.outbox = outbox;
        this.tx = tx;
    }

    /**
     * @param paidAt when the customer paid; null for now. Not in the future.
     */
    Mono<Invoice> pay(UUID id, String ifMatch, Money amount, Instant paidAt, String reference, CurrentUser caller) {
        Instant now = now();
        if (paidAt != null && paidAt.isAfter(now)) {
            return Mono.error(new InvalidRequestException("paidAt", "must not be in the future"));
        }
        return change(id, ifMatch, caller, invoice -> {
            Payment payment = new Payment(Ids.newId(), amount, paidAt == null ? now : paidAt.truncatedTo(ChronoUnit.MICROS),
                    reference, now, caller.id());
            Invoice next = invoice.recordPayment(payment, now);
            Mono<Void> effects = invoices.insertPayment(id, payment);
            if (next.status() == InvoiceStatus.PAID) {
                effects = effects.then(outbox.append(InvoiceEvents.paid(next, caller.id())));
            }
            return new Change(next, effects);
        });
    }

    Mono<Invoice> cancel(UUID id, String ifMatch, String reason, CurrentUser caller) {
        return change(id, ifMatch, caller, invoice -> {
            Invoice next = invoice.cancel(reason, now());
            OutboxEvent event = InvoiceEvents.canceled(next, caller.id());
            return new Change(next, outbox.append(event));
        });
    }

    /** The next version and what else to write with it (after the invoice row). */
    private record Change(Invoice next, Mono<Void> effects) {
    }

    private Mono<Invoice> change(UUID id, String ifMatch, CurrentUser caller, Function<Invoice, Change> change) {
        return invoices.findByIdForUpdate(id)
                .filter(invoice -> InvoiceService.visibleTo(invoice, caller))
                .switchIfEmpty(Mono.error(new NotFoundException(InvoiceService.KIND, id)))
                .flatMap(invoice -> {
                    ETags.requireMatch(ifMatch, invoice.version());
                    Change result;
                    try {
                        result = change.apply(invoice);
                    } catch (IllegalInvoiceTransition e) {
                        return Mono.error(new IllegalTransitionException(InvoiceService.KIND, id, e.current().name(),
                                e.action().verb(), e.getMessage()));
                    } catch (InvalidInvoiceRequest e) {
                        return Mono.error(new InvalidRequestException(e.field(), e.getMessage()));
                    }
                    // Overpayment travels as it is: InvoiceProblemAdvice answers it with the balance.
                    return invoices.update(result.next(), invoice.version())
                            .then(result.effects())
                            .thenReturn(result.next());
                })
                .as(tx::transactional);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
