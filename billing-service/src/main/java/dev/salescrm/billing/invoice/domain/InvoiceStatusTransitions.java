package dev.salescrm.billing.invoice.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every status change an invoice may make; anything not listed is illegal. An issued invoice is paid
 * (its payments reach the total) or canceled (before any payment); paid and canceled are final.
 * Partial payments keep it ISSUED.
 */
public final class InvoiceStatusTransitions {

    /** One legal change. */
    public record Transition(InvoiceStatus from, InvoiceStatus to) {
    }

    private static final Map<InvoiceStatus, Set<InvoiceStatus>> ALLOWED;

    static {
        Map<InvoiceStatus, Set<InvoiceStatus>> allowed = new EnumMap<>(InvoiceStatus.class);
        for (InvoiceStatus status : InvoiceStatus.values()) {
            allowed.put(status, EnumSet.noneOf(InvoiceStatus.class));
        }
        allowed.get(InvoiceStatus.ISSUED).addAll(EnumSet.of(InvoiceStatus.PAID, InvoiceStatus.CANCELED));
        allowed.replaceAll((status, next) -> Collections.unmodifiableSet(next));
        ALLOWED = Collections.unmodifiableMap(allowed);
    }

    private InvoiceStatusTransitions() {
    }

    public static boolean allows(InvoiceStatus from, InvoiceStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    /** Every legal change, in enum order. */
    public static List<Transition> all() {
        return ALLOWED.entrySet().stream()
                .flatMap(entry -> entry.getValue().stream().map(to -> new Transition(entry.getKey(), to)))
                .toList();
    }
}
