package dev.salescrm.opportunity.opportunity;

import java.util.UUID;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.security.Role;
import dev.salescrm.platform.web.Cursor;
import dev.salescrm.platform.web.NotFoundException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * Reading opportunities, and deciding which ones the caller may see: a sales rep sees only the
 * opportunities they own; any other is "not found" to them, never "forbidden" (that would confirm
 * it exists), and never appears in their lists, whatever filter they send.
 */
@Service
class OpportunityService {

    private final OpportunityRepository opportunities;

    OpportunityService(OpportunityRepository opportunities) {
        this.opportunities = opportunities;
    }

    Mono<Opportunity> get(UUID id, CurrentUser caller) {
        return opportunities.findById(id)
                .filter(opportunity -> visibleTo(opportunity, caller))
                .switchIfEmpty(Mono.error(new NotFoundException("opportunity", id)));
    }

    Mono<Page<Opportunity>> list(OpportunityFilter filter, PageRequest page, CurrentUser caller) {
        String visibleToRep = isRepOnly(caller) ? caller.id() : null;
        return opportunities.findPage(filter, visibleToRep, page)
                .collectList()
                .map(rows -> Page.of(rows, page, opportunity -> Cursor.of(opportunity.id())));
    }

    static boolean visibleTo(Opportunity opportunity, CurrentUser caller) {
        return !isRepOnly(caller) || caller.id().equals(opportunity.ownerId());
    }

    /** A caller whose only claim on opportunities is being a sales rep (a manager who is also a rep sees all). */
    private static boolean isRepOnly(CurrentUser caller) {
        return caller.has(Role.SALES_REP) && !caller.hasAny(Role.SALES_MANAGER, Role.ADMIN, Role.ANALYTICS);
    }
}
