package dev.salescrm.lead.lead;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.salescrm.lead.lead.domain.Lead;
import dev.salescrm.lead.lead.domain.LeadDetails;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.outbox.OutboxWriter;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.security.Role;
import dev.salescrm.platform.web.ForbiddenException;
import dev.salescrm.platform.web.NotFoundException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * Lead use cases: each one stores the change and its events in one transaction, and each one
 * decides which leads the caller may see — a sales rep sees their own leads and unassigned ones;
 * any other lead is "not found" to them, never "forbidden" (that would confirm it exists).
 */
@Service
class LeadService {

    private final LeadRepository leads;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final Clock clock;

    LeadService(LeadRepository leads, OutboxWriter outbox, TransactionalOperator tx) {
        this.leads = leads;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = Clock.systemUTC();
    }

    Mono<Lead> create(LeadDetails details, String requestedOwnerId, UUID campaignId, CurrentUser caller) {
        // Microseconds: what PostgreSQL keeps, so the lead returned equals the lead read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String ownerId = ownerOfNewLead(requestedOwnerId, caller);
        Lead lead = Lead.open(Ids.newId(), details, ownerId, campaignId, caller.id(), now);
        return leads.insert(lead)
                .then(outbox.append(LeadEvents.created(lead, caller.id())))
                .thenReturn(lead)
                .as(tx::transactional);
    }

    /**
     * A rep's new lead is theirs, and a rep may not hand a lead to someone else (assigning owners is
     * a manager's call); managers, marketing and admins may assign or leave it unassigned.
     */
    private static String ownerOfNewLead(String requestedOwnerId, CurrentUser caller) {
        if (isRepOnly(caller)) {
            if (requestedOwnerId != null && !requestedOwnerId.equals(caller.id())) {
                throw new ForbiddenException("ownerId", "a sales rep may only create leads for themselves");
            }
            return caller.id();
        }
        return requestedOwnerId;
    }

    Mono<Lead> get(UUID id, CurrentUser caller) {
        return leads.findById(id)
                .filter(lead -> visibleTo(lead, caller))
                .switchIfEmpty(Mono.error(new NotFoundException("lead", id)));
    }

    Mono<Page<Lead>> list(LeadFilter filter, PageRequest page, CurrentUser caller) {
        String visibleToRep = isRepOnly(caller) ? caller.id() : null;
        return leads.findPage(filter, visibleToRep, page)
                .collectList()
                .map(rows -> Page.of(rows, page, lead -> dev.salescrm.platform.web.Cursor.of(lead.id())));
    }

    static boolean visibleTo(Lead lead, CurrentUser caller) {
        return !isRepOnly(caller) || lead.ownerId() == null || lead.ownerId().equals(caller.id());
    }

    /** A caller whose only claim on leads is being a sales rep (a manager who is also a rep sees all). */
    private static boolean isRepOnly(CurrentUser caller) {
        return caller.has(Role.SALES_REP) && !caller.hasAny(Role.SALES_MANAGER, Role.MARKETING, Role.ADMIN, Role.ANALYTICS);
    }

}
