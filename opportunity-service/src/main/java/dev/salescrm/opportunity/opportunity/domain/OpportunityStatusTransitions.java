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
 * <p>Today only what the lead-qualification saga needs: an open opportunity is canceled when its
 * lead's conversion is rejected. Winning, losing as lost or out-sold, and reopening come with the
 * opportunities issue and are added here as rows, nothing else.
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
        allowed.get(OpportunityStatus.OPEN).add(OpportunityStatusReason.CANCELED);
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
