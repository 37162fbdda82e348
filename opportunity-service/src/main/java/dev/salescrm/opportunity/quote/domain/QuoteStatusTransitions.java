package dev.salescrm.opportunity.quote.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every status change a quote may make: from a status to a status reason. Anything not listed is
 * illegal. Enumerable, so tests can walk every legal and illegal pair.
 *
 * <ul>
 *   <li>A draft is activated (offered), or canceled; it is also closed when its opportunity is won
 *       or lost.</li>
 *   <li>An active quote is accepted (won), lost, canceled, or revised (closed as REVISED while a new
 *       draft takes its place); it too is closed with its opportunity.</li>
 *   <li>Won and closed are final: a new offer is a new quote or a revision.</li>
 * </ul>
 */
public final class QuoteStatusTransitions {

    /** One legal change. */
    public record Transition(QuoteStatus from, QuoteStatusReason to) {
    }

    private static final Map<QuoteStatus, Set<QuoteStatusReason>> ALLOWED;

    static {
        Map<QuoteStatus, Set<QuoteStatusReason>> allowed = new EnumMap<>(QuoteStatus.class);
        for (QuoteStatus status : QuoteStatus.values()) {
            allowed.put(status, EnumSet.noneOf(QuoteStatusReason.class));
        }
        allowed.get(QuoteStatus.DRAFT).addAll(EnumSet.of(QuoteStatusReason.OPEN, QuoteStatusReason.CANCELED,
                QuoteStatusReason.OPPORTUNITY_WON, QuoteStatusReason.OPPORTUNITY_LOST));
        allowed.get(QuoteStatus.ACTIVE).addAll(EnumSet.of(QuoteStatusReason.WON, QuoteStatusReason.LOST,
                QuoteStatusReason.CANCELED, QuoteStatusReason.REVISED, QuoteStatusReason.OPPORTUNITY_WON,
                QuoteStatusReason.OPPORTUNITY_LOST));
        allowed.replaceAll((status, reasons) -> Collections.unmodifiableSet(reasons));
        ALLOWED = Collections.unmodifiableMap(allowed);
    }

    private QuoteStatusTransitions() {
    }

    public static boolean allows(QuoteStatus from, QuoteStatusReason to) {
        return ALLOWED.get(from).contains(to);
    }

    /** Every legal change, in enum order. */
    public static List<Transition> all() {
        return ALLOWED.entrySet().stream()
                .flatMap(entry -> entry.getValue().stream().map(to -> new Transition(entry.getKey(), to)))
                .toList();
    }
}
