package dev.salescrm.billing.order;

import java.time.Instant;
import java.util.UUID;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.salescrm.billing.Transactions;
import dev.salescrm.billing.order.domain.Order;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.NotFoundException;

/**
 * The order's side of invoicing, for the invoice's use case: inside its transaction, the order is
 * locked, checked against {@code If-Match}, moved FULFILLED → INVOICED by its own rules, and stored.
 * The order announces nothing itself: {@code crm.invoice.issued.v1} says it was invoiced.
 */
@Component
public class OrderInvoicing {

    private final OrderRepository orders;

    OrderInvoicing(OrderRepository orders) {
        this.orders = orders;
    }

    /**
     * The order as invoiced (status INVOICED, version + 1). A second invoicing of the same order
     * waits for the first's lock, then finds it INVOICED: a 409 naming that status.
     *
     * @throws NotFoundException                              (as an error signal) when there is no such order
     * @throws dev.salescrm.platform.web.IllegalTransitionException when the order is not FULFILLED
     */
    public Mono<Order> markInvoiced(UUID orderId, String ifMatch, CurrentUser caller, Instant now) {
        return Transactions.require("marking an order invoiced")
                .then(orders.findByIdForUpdate(orderId))
                .filter(order -> OrderService.visibleTo(order, caller))
                .switchIfEmpty(Mono.error(new NotFoundException(OrderService.KIND, orderId)))
                .flatMap(order -> {
                    ETags.requireMatch(ifMatch, order.version());
                    Order invoiced;
                    try {
                        invoiced = order.invoice(now);
                    } catch (RuntimeException e) {
                        return Mono.error(OrderLifecycle.translate(e, order));
                    }
                    return orders.update(invoiced, order.version(), false).thenReturn(invoiced);
                });
    }
}
