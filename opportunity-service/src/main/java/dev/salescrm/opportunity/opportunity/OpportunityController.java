package dev.salescrm.opportunity.opportunity;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.opportunity.opportunity.domain.OpportunityStatus;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * The opportunity API (API.md, "opportunity-service"), as far as the lead-qualification saga needs
 * it: reading. Creating, changing stage, winning and losing come with the opportunities issue.
 */
@RestController
@RequestMapping("/api/opportunities")
class OpportunityController {

    private final OpportunityService opportunities;

    OpportunityController(OpportunityService opportunities) {
        this.opportunities = opportunities;
    }

    record OpportunityResponse(UUID id, String name, UUID accountId, UUID contactId, String ownerId, String stage,
                               String status, String statusReason, int probability, Money estimatedRevenue,
                               LocalDate estimatedCloseDate, UUID sourceLeadId, UUID sourceCampaignResponseId,
                               LocalDate actualCloseDate, String closeNote, long version, Instant createdAt,
                               String createdBy, Instant updatedAt) {

        static OpportunityResponse of(Opportunity o) {
            return new OpportunityResponse(o.id(), o.name(), o.customer().accountId(), o.customer().contactId(),
                    o.ownerId(), o.stage().name(), o.status().name(), o.statusReason().name(), o.probability(),
                    o.estimatedRevenue(), o.estimatedCloseDate(), o.sourceLeadId(), o.sourceCampaignResponseId(),
                    o.actualCloseDate(), o.closeNote(), o.version(), o.createdAt(), o.createdBy(), o.updatedAt());
        }
    }

    @GetMapping("/{id}")
    Mono<ResponseEntity<OpportunityResponse>> get(@PathVariable UUID id) {
        return CurrentUser.required()
                .flatMap(caller -> opportunities.get(id, caller))
                .map(o -> ResponseEntity.ok().eTag(ETags.of(o.version())).body(OpportunityResponse.of(o)));
    }

    /** Newest first; a sales rep sees only their own. */
    @GetMapping
    Mono<Page<OpportunityResponse>> list(@RequestParam(required = false) OpportunityStatus status,
                                         @RequestParam(required = false) String ownerId,
                                         @RequestParam(required = false) UUID accountId, PageRequest page) {
        return CurrentUser.required()
                .flatMap(caller -> opportunities.list(new OpportunityFilter(status, ownerId, accountId), page, caller))
                .map(result -> result.map(OpportunityResponse::of));
    }
}
