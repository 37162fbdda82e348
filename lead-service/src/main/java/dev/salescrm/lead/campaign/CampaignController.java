package dev.salescrm.lead.campaign;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.lead.campaign.domain.Campaign;
import dev.salescrm.lead.campaign.domain.Channel;
import dev.salescrm.lead.campaign.domain.ResponseStatus;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/** Campaigns, the responses they collect, and their funnel (API.md, "lead-service"). */
@RestController
@RequestMapping("/api/campaigns")
class CampaignController {

    private final CampaignService campaigns;
    private final CampaignFunnel funnels;
    private final JsonMapper json;
    private final Validator validator;

    CampaignController(CampaignService campaigns, CampaignFunnel funnels, JsonMapper json, Validator validator) {
        this.campaigns = campaigns;
        this.funnels = funnels;
        this.json = json;
        this.validator = validator;
    }

    /** What a client may send to create a campaign; anything else in the body is rejected (400). */
    record CreateCampaignRequest(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 50) String code,
                                 Channel channel, LocalDate startsOn, LocalDate endsOn, Money budget,
                                 @Size(max = 200) String ownerId) {
    }

    record CampaignView(UUID id, String name, String code, Channel channel, LocalDate startsOn, LocalDate endsOn,
                        Money budget, String ownerId, long version, Instant createdAt, String createdBy,
                        Instant updatedAt) {

        static CampaignView of(Campaign c) {
            return new CampaignView(c.id(), c.name(), c.code(), c.channel(), c.startsOn(), c.endsOn(), c.budget(),
                    c.ownerId(), c.version(), c.createdAt(), c.createdBy(), c.updatedAt());
        }
    }

    /** The responses recorded by one request, when it sent an array. */
    record ReceivedResponses(List<CampaignResponseView> items) {
    }

    @PostMapping
    Mono<ResponseEntity<CampaignView>> create(@Valid @RequestBody CreateCampaignRequest request) {
        var details = new CampaignService.NewCampaign(request.name(), request.code(), request.channel(),
                request.startsOn(), request.endsOn(), request.budget(), request.ownerId());
        return CurrentUser.required()
                .flatMap(caller -> campaigns.create(details, caller))
                .map(campaign -> ResponseEntity.created(URI.create("/api/campaigns/" + campaign.id()))
                        .eTag(ETags.of(campaign.version())).body(CampaignView.of(campaign)));
    }

    /** Newest first; {@code code} finds one campaign by its code (ignoring case). */
    @GetMapping
    Mono<Page<CampaignView>> list(@RequestParam(required = false) String code, PageRequest page) {
        return campaigns.list(code, page).map(result -> result.map(CampaignView::of));
    }

    @GetMapping("/{id}")
    Mono<ResponseEntity<CampaignView>> get(@PathVariable UUID id) {
        return campaigns.get(id).map(c -> ResponseEntity.ok().eTag(ETags.of(c.version())).body(CampaignView.of(c)));
    }

    /**
     * One response (201 with it, {@code Location} and {@code ETag}) or an array of them (201 with
     * {@code {"items": [...]}} in the order sent) — all stored, or none.
     */
    @PostMapping("/{id}/responses")
    Mono<ResponseEntity<Object>> receive(@PathVariable UUID id, @RequestBody JsonNode body) {
        ResponseIntake.Read read = ResponseIntake.read(body, json, validator, campaigns.now());
        return CurrentUser.required()
                .flatMap(caller -> campaigns.receive(id, read.responses(), caller))
                .map(stored -> {
                    List<CampaignResponseView> views = stored.stream().map(CampaignResponseView::of).toList();
                    if (read.many()) {
                        return ResponseEntity.status(HttpStatus.CREATED)
                                .location(URI.create("/api/campaigns/" + id + "/responses"))
                                .body(new ReceivedResponses(views));
                    }
                    CampaignResponseView one = views.getFirst();
                    return ResponseEntity.created(URI.create("/api/campaign-responses/" + one.id()))
                            .eTag(ETags.of(one.version())).body(one);
                });
    }

    /** Newest first, optionally only those in one {@code status}. */
    @GetMapping("/{id}/responses")
    Mono<Page<CampaignResponseView>> responses(@PathVariable UUID id,
                                               @RequestParam(required = false) ResponseStatus status,
                                               PageRequest page) {
        return campaigns.responses(id, status, page).map(result -> result.map(CampaignResponseView::of));
    }

    /** The campaign's funnel for responses and leads that came in {@code from}–{@code to} (UTC days, inclusive). */
    @GetMapping("/{id}/funnel")
    Mono<CampaignFunnel.Funnel> funnel(@PathVariable UUID id, @RequestParam(required = false) LocalDate from,
                                       @RequestParam(required = false) LocalDate to) {
        if (from != null && to != null && to.isBefore(from)) {
            return Mono.error(new InvalidRequestException("to", "must not be before from (" + from + ")"));
        }
        return campaigns.get(id).flatMap(campaign -> funnels.of(campaign.id(), from, to));
    }
}
