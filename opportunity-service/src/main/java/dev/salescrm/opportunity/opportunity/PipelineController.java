package dev.salescrm.opportunity.opportunity;

import java.time.LocalDate;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.InvalidRequestException;

/** {@code GET /api/pipeline}: the open pipeline per stage and currency (API.md, "opportunity-service"). */
@RestController
class PipelineController {

    private final OpportunityService opportunities;

    PipelineController(OpportunityService opportunities) {
        this.opportunities = opportunities;
    }

    record PipelineResponse(List<OpportunityService.StageSummary> stages) {
    }

    /** {@code from}/{@code to} bound the estimated close date, both inclusive. */
    @GetMapping("/api/pipeline")
    Mono<PipelineResponse> pipeline(@RequestParam(required = false) String ownerId,
                                    @RequestParam(required = false) LocalDate from,
                                    @RequestParam(required = false) LocalDate to) {
        if (from != null && to != null && from.isAfter(to)) {
            return Mono.error(new InvalidRequestException("from", "must not be after to"));
        }
        return CurrentUser.required()
                .flatMap(caller -> opportunities.pipeline(ownerId, from, to, caller))
                .map(PipelineResponse::new);
    }
}
