package dev.salescrm.opportunity.opportunity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.opportunity.opportunity.domain.OpportunityStage;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.security.Role;
import dev.salescrm.platform.web.Cursor;
import dev.salescrm.platform.web.ForbiddenException;
import dev.salescrm.platform.web.NotFoundException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * Reading opportunities, and deciding which ones the caller may see: a sales rep sees only the
 * opportunities they own; any other is "not found" to them, never "forbidden" (that would confirm
 * it exists), and never appears in their lists, whatever filter they send.
 */
@Service
public class OpportunityService {

    private final OpportunityRepository opportunities;

    OpportunityService(OpportunityRepository opportunities) {
        this.opportunities = opportunities;
    }

    public Mono<Opportunity> get(UUID id, CurrentUser caller) {
        return findVisible(id, caller).switchIfEmpty(Mono.error(new NotFoundException("opportunity", id)));
    }

    /** The opportunity if it exists and the caller may see it, else empty (a quote of it is then not found either). */
    public Mono<Opportunity> findVisible(UUID id, CurrentUser caller) {
        return opportunities.findById(id).filter(opportunity -> visibleTo(opportunity, caller));
    }

    /**
     * The opportunity with its row locked until the transaction ends, whoever asks (the caller's
     * visibility is the caller's to check, with {@link #visibleTo}). Every change to one of its
     * quotes takes this lock first: quote events carry the opportunity id as key, and only writers
     * serialised on the opportunity append them in commit order; it also keeps a quote from being
     * activated while the opportunity is being closed.
     */
    public Mono<Opportunity> lock(UUID id) {
        return opportunities.findByIdForUpdate(id);
    }

    Mono<Page<Opportunity>> list(OpportunityFilter filter, PageRequest page, CurrentUser caller) {
        String visibleToRep = isRepOnly(caller) ? caller.id() : null;
        return opportunities.findPage(filter, visibleToRep, page)
                .collectList()
                .map(rows -> Page.of(rows, page, opportunity -> Cursor.of(opportunity.id())));
    }

    record CurrencySummary(String currency, long count, Money estimatedRevenue, Money weightedRevenue) {
    }

    record StageSummary(OpportunityStage stage, long count, List<CurrencySummary> byCurrency) {
    }

    /**
     * The open pipeline per stage (all four, in process order): how many opportunities, and per
     * currency their estimated and probability-weighted revenue — summed by PostgreSQL, rounded
     * half-even to each currency's minor units once, at the end. A sales rep sees their own.
     */
    Mono<List<StageSummary>> pipeline(String ownerId, LocalDate from, LocalDate to,
                                                CurrentUser caller) {
        if (isRepOnly(caller) && ownerId != null && !ownerId.equals(caller.id())) {
            return Mono.error(new ForbiddenException("ownerId",
                    "a sales rep sees their own pipeline only"));
        }
        String owner = isRepOnly(caller) ? caller.id() : ownerId;
        return opportunities.pipeline(owner, from, to).collectList().map(rows -> {
            List<StageSummary> stages = new ArrayList<>();
            for (OpportunityStage stage : OpportunityStage.values()) {
                long count = 0;
                List<CurrencySummary> byCurrency = new ArrayList<>();
                for (OpportunityRepository.PipelineRow row : rows) {
                    if (row.stage() != stage) {
                        continue;
                    }
                    count += row.count();
                    if (row.currency() != null) {
                        byCurrency.add(new CurrencySummary(row.currency(), row.count(),
                                Money.of(row.estimatedRevenue(), row.currency()), Money.of(row.weightedRevenue(), row.currency())));
                    }
                }
                byCurrency.sort(Comparator.comparing(CurrencySummary::currency));
                stages.add(new StageSummary(stage, count, List.copyOf(byCurrency)));
            }
            return stages;
        });
    }

    /** Whether the caller may see the opportunity (and so its quotes): a sales rep only their own. */
    public static boolean visibleTo(Opportunity opportunity, CurrentUser caller) {
        return !isRepOnly(caller) || caller.id().equals(opportunity.ownerId());
    }

    /** A caller whose only claim on opportunities is being a sales rep (a manager who is also a rep sees all). */
    private static boolean isRepOnly(CurrentUser caller) {
        return caller.has(Role.SALES_REP) && !caller.hasAny(Role.SALES_MANAGER, Role.ADMIN, Role.ANALYTICS);
    }
}
