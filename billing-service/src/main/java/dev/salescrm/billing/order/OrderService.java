package dev.salescrm.billing.order;

import java.util.UUID;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import dev.salescrm.billing.order.domain.Order;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.security.Role;
import dev.salescrm.platform.web.Cursor;
import dev.salescrm.platform.web.NotFoundException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * Reading orders, and deciding which ones the caller may see (for changes too:
 * {@link OrderLifecycle}, {@link OrderInvoicing}): billing, managers, analytics and
 * admins see every order; a sales rep only the orders of the deals they own. Another rep's order
 * is "not found" to them, never "forbidden" (that would confirm it exists), and never appears in
 * their lists, whatever filter they send.
 */
@Service
class OrderService {

    static final String KIND = "order";

    private final OrderRepository orders;

    OrderService(OrderRepository orders) {
        this.orders = orders;
    }

    Mono<Order> get(UUID id, CurrentUser caller) {
        return orders.findById(id)
                .filter(order -> visibleTo(order, caller))
                .switchIfEmpty(Mono.error(new NotFoundException(KIND, id)));
    }

    Mono<Page<Order>> list(OrderFilter filter, PageRequest page, CurrentUser caller) {
        String visibleToRep = isRepOnly(caller) ? caller.id() : null;
        return orders.findPage(filter, visibleToRep, page)
                .map(rows -> Page.of(rows, page, order -> Cursor.of(order.id())));
    }

    static boolean visibleTo(Order order, CurrentUser caller) {
        return !isRepOnly(caller) || caller.id().equals(order.ownerId());
    }

    /** A caller whose only claim on orders is being a sales rep (a rep who also bills, say, sees all). */
    private static boolean isRepOnly(CurrentUser caller) {
        return caller.has(Role.SALES_REP)
                && !caller.hasAny(Role.BILLING, Role.SALES_MANAGER, Role.ADMIN, Role.ANALYTICS);
    }
}
