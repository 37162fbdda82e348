package dev.salescrm.billing.invoice;

import java.util.UUID;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import dev.salescrm.billing.invoice.domain.Invoice;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.security.Role;
import dev.salescrm.platform.web.Cursor;
import dev.salescrm.platform.web.NotFoundException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * Reading invoices, and deciding which ones the caller may see — the orders' rule: billing,
 * managers, analytics and admins see every invoice; a sales rep only those of the deals they own
 * (the order's {@code ownerId}, copied onto the invoice). Another rep's invoice is "not found" to
 * them and never appears in their lists.
 */
@Service
class InvoiceService {

    static final String KIND = "invoice";

    private final InvoiceRepository invoices;

    InvoiceService(InvoiceRepository invoices) {
        this.invoices = invoices;
    }

    Mono<Invoice> get(UUID id, CurrentUser caller) {
        return invoices.findById(id)
                .filter(invoice -> visibleTo(invoice, caller))
                .switchIfEmpty(Mono.error(new NotFoundException(KIND, id)));
    }

    Mono<Page<Invoice>> list(InvoiceFilter filter, PageRequest page, CurrentUser caller) {
        return invoices.findPage(filter, isRepOnly(caller) ? caller.id() : null, page)
                .map(rows -> Page.of(rows, page, invoice -> Cursor.of(invoice.id())));
    }

    static boolean visibleTo(Invoice invoice, CurrentUser caller) {
        return !isRepOnly(caller) || caller.id().equals(invoice.ownerId());
    }

    /** A caller whose only claim on invoices is being a sales rep (a rep who also bills sees all). */
    static boolean isRepOnly(CurrentUser caller) {
        return caller.has(Role.SALES_REP)
                && !caller.hasAny(Role.BILLING, Role.SALES_MANAGER, Role.ADMIN, Role.ANALYTICS);
    }
}
