package dev.salescrm.opportunity.opportunity.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every status change an opportunity may make: from a status to a status reason. Anything not
 * listed here is illegal. Enumerable, so tests can walk every legal and illegal pair.
 *
 * <p>An open opportunity is won, or lost as lost, canceled (also when its lead's conversion is
 * rejected) or out-sold; a won or lost one can be reopened (back to In progress).
 */
public final class OpportunityStatusTransitions {

    /** One legal change. */
    public record Transition(OpportunityStatus from, OpportunityStatusReason to) {
    }

    private static final Map<OpportunityStatus, Set<OpportunityStatusReason>> ALLOWED;

    static {
        Map<OpportunityStatus, Set<OpportunityStatusReason>> allowed = new EnumMap<>(OpportunityStatus.class);
        for (OpportunityStatus status : OpportunityStatus.values()) {
            allowed.put(status, EnumSet.noneOf(OpportunityStatusReason.class));
        }
        allowed.get(OpportunityStatus.OPEN).addAll(EnumSet.of(OpportunityStatusReason.WON,
                OpportunityStatusReason.LOST, OpportunityStatusReason.CANCELED, OpportunityStatusReason.OUT_SOLD));
        allowed.get(OpportunityStatus.WON).add(OpportunityStatusReason.IN_PROGRESS);
        allowed.get(OpportunityStatus.LOST).add(OpportunityStatusReason.IN_PROGRESS);
        allowed.replaceAll((status, reasons) -> Collections.unmodifiableSet(reasons));
        ALLOWED = Collections.unmodifiableMap(allowed);
    }

    private OpportunityStatusTransitions() {
    }

    public static boolean allows(OpportunityStatus from, OpportunityStatusReason to) {
        return ALLOWED.get(from).contains(to);
    }

    /** Every legal change, in enum order. */
    public static List<Transition> all() {
        return ALLOWED.entrySet().stream()
                .flatMap(entry -> entry.getValue().stream().map(to -> new Transition(entry.getKey(), to)))
                .toList();
    }
}
