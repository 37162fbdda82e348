package dev.salescrm.opportunity.opportunity;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import dev.salescrm.opportunity.opportunity.domain.Customer;
import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.opportunity.opportunity.domain.OpportunityStage;
import dev.salescrm.opportunity.opportunity.domain.OpportunityStatusReason;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.opportunity.opportunity.domain.OpportunityStatus;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * The opportunity API (API.md, "opportunity-service"): create, read, edit, move a stage, win, lose
 * and reopen. Quotes and activities have their own controllers; the pipeline is
 * {@link PipelineController}.
 */
@RestController
@RequestMapping("/api/opportunities")
class OpportunityController {

    private final OpportunityService opportunities;
    private final OpportunityLifecycle lifecycle;
    private final OpportunityEditing editing;

    OpportunityController(OpportunityService opportunities, OpportunityLifecycle lifecycle, OpportunityEditing editing) {
        this.opportunities = opportunities;
        this.lifecycle = lifecycle;
        this.editing = editing;
    }

    record StageRequest(@NotNull OpportunityStage stage) {
    }

    /** A new opportunity for an account or (a person without a company) a contact — exactly one of them. */
    record CreateOpportunityRequest(@NotBlank @Size(max = 300) String name, UUID accountId, UUID contactId,
                                    @Size(max = 200) String ownerId, Money estimatedRevenue,
                                    LocalDate estimatedCloseDate) {
    }

    record WinRequest(@NotNull Money actualRevenue, LocalDate actualCloseDate, @Size(max = 2000) String note) {
    }

    record LoseRequest(@NotNull OpportunityStatusReason reason, @Size(max = 200) String competitor,
                       @Size(max = 2000) String note, LocalDate actualCloseDate) {
    }

    record OpportunityResponse(UUID id, String name, UUID accountId, UUID contactId, String ownerId, String stage,
                               String status, String statusReason, int probability, Money estimatedRevenue,
                               LocalDate estimatedCloseDate, UUID priceListId, UUID sourceLeadId,
                               UUID sourceCampaignResponseId, LocalDate actualCloseDate, String closeNote,
                               Money actualRevenue, long version, Instant createdAt, String createdBy,
                               Instant updatedAt) {

        static OpportunityResponse of(Opportunity o) {
            return new OpportunityResponse(o.id(), o.name(), o.customer().accountId(), o.customer().contactId(),
                    o.ownerId(), o.stage().name(), o.status().name(), o.statusReason().name(), o.probability(),
                    o.estimatedRevenue(), o.estimatedCloseDate(), o.priceListId(), o.sourceLeadId(),
                    o.sourceCampaignResponseId(), o.actualCloseDate(), o.closeNote(), o.actualRevenue(), o.version(), o.createdAt(),
                    o.createdBy(), o.updatedAt());
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

    @PostMapping
    Mono<ResponseEntity<OpportunityResponse>> create(@Valid @RequestBody CreateOpportunityRequest request) {
        if ((request.accountId() == null) == (request.contactId() == null)) {
            return Mono.error(new InvalidRequestException("accountId", "give exactly one of accountId and contactId"));
        }
        if (request.estimatedRevenue() != null && request.estimatedRevenue().isNegative()) {
            return Mono.error(new InvalidRequestException("estimatedRevenue", "must not be negative"));
        }
        Customer customer = request.accountId() != null ? Customer.account(request.accountId())
                : Customer.contact(request.contactId());
        return CurrentUser.required()
                .flatMap(caller -> lifecycle.open(request.name(), customer, request.ownerId(), request.estimatedRevenue(),
                        request.estimatedCloseDate(), caller))
                .map(o -> ResponseEntity.created(java.net.URI.create("/api/opportunities/" + o.id()))
                        .eTag(ETags.of(o.version())).body(OpportunityResponse.of(o)));
    }

    /**
     * JSON merge patch of an open opportunity: an absent member stays, {@code null} clears it;
     * {@code If-Match} with the ETag guards against overwriting someone's change (absent: the
     * version check alone, as for every other write). Stage and status have their own endpoints.
     */
    @PatchMapping(path = "/{id}", consumes = {"application/merge-patch+json", "application/json"})
    Mono<ResponseEntity<OpportunityResponse>> update(@PathVariable UUID id,
                                                     @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                     @RequestBody JsonNode patch) {
        OpportunityChanges changes = OpportunityChanges.parse(patch);
        return CurrentUser.required().flatMap(caller -> editing.edit(id, ifMatch, changes, caller))
                .map(OpportunityController::ok);
    }

    /** One step forward or back in the business process. */
    @PostMapping("/{id}/stage")
    Mono<ResponseEntity<OpportunityResponse>> stage(@PathVariable UUID id, @Valid @RequestBody StageRequest request,
                                                    @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return CurrentUser.required().flatMap(caller -> lifecycle.moveToStage(id, ifMatch, request.stage(), caller))
                .map(OpportunityController::ok);
    }

    @PostMapping("/{id}/win")
    Mono<ResponseEntity<OpportunityResponse>> win(@PathVariable UUID id, @Valid @RequestBody WinRequest request,
                                                  @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        if (request.actualRevenue().isNegative()) {
            return Mono.error(new InvalidRequestException("actualRevenue", "must not be negative"));
        }
        return CurrentUser.required()
                .flatMap(caller -> lifecycle.win(id, ifMatch, request.actualRevenue(), request.actualCloseDate(), request.note(), caller))
                .map(OpportunityController::ok);
    }

    @PostMapping("/{id}/lose")
    Mono<ResponseEntity<OpportunityResponse>> lose(@PathVariable UUID id, @Valid @RequestBody LoseRequest request,
                                                   @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        if (request.reason().status() != OpportunityStatus.LOST) {
            return Mono.error(new InvalidRequestException("reason", "must be one of LOST, CANCELED, OUT_SOLD"));
        }
        return CurrentUser.required()
                .flatMap(caller -> lifecycle.lose(id, ifMatch, request.reason(), request.competitor(), request.note(),
                        request.actualCloseDate(), caller))
                .map(OpportunityController::ok);
    }

    @PostMapping("/{id}/reopen")
    Mono<ResponseEntity<OpportunityResponse>> reopen(@PathVariable UUID id,
                                                     @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return CurrentUser.required().flatMap(caller -> lifecycle.reopen(id, ifMatch, caller)).map(OpportunityController::ok);
    }

    private static ResponseEntity<OpportunityResponse> ok(Opportunity o) {
        return ResponseEntity.ok().eTag(ETags.of(o.version())).body(OpportunityResponse.of(o));
    }
}
