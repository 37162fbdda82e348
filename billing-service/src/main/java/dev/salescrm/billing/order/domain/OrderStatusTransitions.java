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
 * <p>The sales process of the brief: an active order is submitted for fulfilment, fulfilled and
 * invoiced. It may be invoiced at any point before that (billing in advance is common in B2B, and
 * Dynamics CRM allows an invoice from an active order), and canceled as long as nothing was
 * delivered or billed. Invoiced and canceled orders are final. Only creation (ACTIVE) is used so
 * far; the submit, fulfil, cancel and invoice endpoints come with a later issue and use this table.
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
        allowed.get(OrderStatus.ACTIVE).addAll(EnumSet.of(OrderStatus.SUBMITTED, OrderStatus.INVOICED, OrderStatus.CANCELED));
        allowed.get(OrderStatus.SUBMITTED).addAll(EnumSet.of(OrderStatus.FULFILLED, OrderStatus.INVOICED, OrderStatus.CANCELED));
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
