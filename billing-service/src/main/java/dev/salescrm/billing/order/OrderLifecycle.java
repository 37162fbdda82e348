package dev.salescrm.billing.order;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.salescrm.billing.order.domain.IllegalOrderTransition;
import dev.salescrm.billing.order.domain.InvalidOrderChange;
import dev.salescrm.billing.order.domain.NoSuchOrderLine;
import dev.salescrm.billing.order.domain.Order;
import dev.salescrm.platform.outbox.OutboxEvent;
import dev.salescrm.platform.outbox.OutboxWriter;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.IllegalTransitionException;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.NotFoundException;

/**
 * An order's life after creation: submitted, fulfilled or canceled, and its lines changed while it
 * is ACTIVE. Each change locks the order row, checks {@code If-Match} against the version, lets the
 * order decide ({@link Order}), and stores the next version with its event in one transaction.
 * (Invoicing is {@link OrderInvoicing}'s, inside the invoice's transaction.)
 */
@Service
class OrderLifecycle {

    private final OrderRepository orders;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    OrderLifecycle(OrderRepository orders, OutboxWriter outbox, TransactionalOperator tx) {
        this.orders = orders;
        this.outbox = outbox;
        this.tx = tx;
    }

    Mono<Order> submit(UUID id, String ifMatch, CurrentUser caller) {
        return change(id, ifMatch, caller, order -> {
            Order next = order.submit(now());
            return new Change(next, OrderEvents.submitted(next, caller.id()), false);
        });
    }

    Mono<Order> fulfill(UUID id, String ifMatch, CurrentUser caller) {
        return change(id, ifMatch, caller, order -> {
            Order next = order.fulfill(now());
            return new Change(next, OrderEvents.fulfilled(next, caller.id()), false);
        });
    }

    Mono<Order> cancel(UUID id, String ifMatch, String reason, CurrentUser caller) {
        return change(id, ifMatch, caller, order -> {
            Order next = order.cancel(reason, now());
            return new Change(next, OrderEvents.canceled(next, caller.id()), false);
        });
    }

    /** No event: the contract has no order-changed type (see {@link OrderEvents}). */
    Mono<Order> changeQuantity(UUID id, int lineNumber, String ifMatch, BigDecimal quantity, CurrentUser caller) {
        return change(id, ifMatch, caller, order -> new Change(order.changeQuantity(lineNumber, quantity, now()), null, true));
    }

    Mono<Order> removeLine(UUID id, int lineNumber, String ifMatch, CurrentUser caller) {
        return change(id, ifMatch, caller, order -> new Change(order.removeLine(lineNumber, now()), null, true));
    }

    private record Change(Order next, OutboxEvent event, boolean linesChanged) {
    }

    private Mono<Order> change(UUID id, String ifMatch, CurrentUser caller, Function<Order, Change> change) {
        return orders.findByIdForUpdate(id)
                .filter(order -> OrderService.visibleTo(order, caller))
                .switchIfEmpty(Mono.error(new NotFoundException(OrderService.KIND, id)))
                .flatMap(order -> {
                    ETags.requireMatch(ifMatch, order.version());
                    Change result;
                    try {
                        result = change.apply(order);
                    } catch (RuntimeException e) {
                        return Mono.error(translate(e, order));
                    }
                    Mono<Void> event = result.event() == null ? Mono.empty() : outbox.append(result.event());
                    return orders.update(result.next(), order.version(), result.linesChanged())
                            .then(event)
                            .thenReturn(result.next());
                })
                .as(tx::transactional);
    }

    /** The order's own refusals as the API answers them: 409 naming the status, 404, 400 naming the field. */
    static RuntimeException translate(RuntimeException e, Order order) {
        return switch (e) {
            case IllegalOrderTransition t -> new IllegalTransitionException(OrderService.KIND, order.id(),
                    t.current().name(), t.action().verb(), t.getMessage());
            case NoSuchOrderLine n -> new NotFoundException("order line", order.id() + "/lines/" + n.lineNumber());
            case InvalidOrderChange i -> new InvalidRequestException(i.field(), i.getMessage());
            default -> e;
        };
    }

    /** Microseconds: what PostgreSQL keeps, so the order returned equals the order read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
