package dev.salescrm.billing.order.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every status change an order may make; anything not listed is illegal. Enumerable, so tests can
 * walk every legal and illegal pair.
 *
 * <p>The sales process of the issue, ACTIVE → SUBMITTED → FULFILLED → INVOICED, and nothing
 * besides: an order is invoiced once it is fulfilled — what was delivered is what is billed — so
 * invoicing in advance (from ACTIVE or SUBMITTED) is not a transition. It may be canceled as long as
 * nothing was delivered: from ACTIVE or SUBMITTED. Invoiced and canceled orders are final (an
 * invoice's cancellation leaves its order INVOICED). Only an ACTIVE order's lines can be changed;
 * that is the order's own rule ({@link Order#isEditable()}), not a transition.
 */
public final class OrderStatusTransitions {

    /** One legal change. */
    public record Transition(OrderStatus from, OrderStatus to) {
    }

    private static final Map<OrderStatus, Set<OrderStatus>> ALLOWED;

    static {
        Map<OrderStatus, Set<OrderStatus>> allowed = new EnumMap<>(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            allowed.put(status, EnumSet.noneOf(OrderStatus.class));
        }
        allowed.get(OrderStatus.ACTIVE).addAll(EnumSet.of(OrderStatus.SUBMITTED, OrderStatus.CANCELED));
        allowed.get(OrderStatus.SUBMITTED).addAll(EnumSet.of(OrderStatus.FULFILLED, OrderStatus.CANCELED));
        allowed.get(OrderStatus.FULFILLED).add(OrderStatus.INVOICED);
        allowed.replaceAll((status, next) -> Collections.unmodifiableSet(next));
        ALLOWED = Collections.unmodifiableMap(allowed);
    }

    private OrderStatusTransitions() {
    }

    public static boolean allows(OrderStatus from, OrderStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    /** Every legal change, in enum order. */
    public static List<Transition> all() {
        return ALLOWED.entrySet().stream()
                .flatMap(entry -> entry.getValue().stream().map(to -> new Transition(entry.getKey(), to)))
                .toList();
    }
}
