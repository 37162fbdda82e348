package dev.salescrm.lead.lead;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import dev.salescrm.lead.lead.domain.Conversion;
import dev.salescrm.lead.lead.domain.Lead;
import dev.salescrm.lead.lead.domain.LeadDetails;
import dev.salescrm.lead.lead.domain.LeadSource;
import dev.salescrm.lead.lead.domain.LeadStatus;
import dev.salescrm.lead.lead.domain.LeadStatusReason;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/** The lead API (API.md, "lead-service"). */
@RestController
@RequestMapping("/api/leads")
class LeadController {

    private final LeadService leads;

    LeadController(LeadService leads) {
        this.leads = leads;
    }

    /** What a client may send to create a lead; anything else in the body is rejected (400). */
    record CreateLeadRequest(
            @Size(max = 100) String firstName,
            @Size(max = 100) String lastName,
            @Size(max = 200) String companyName,
            @Size(max = 100) String jobTitle,
            @Email @Size(max = 320) String email,
            @Size(max = 50) String phone,
            @Size(max = 500) String website,
            LeadSource source,
            @Size(max = 300) String topic,
            @Size(max = 10_000) String description,
            @Size(max = 200) String ownerId,
            UUID campaignId) {
    }

    record DisqualifyRequest(@NotNull LeadStatusReason reason, @Size(max = 1000) String note) {
    }

    record ConversionResponse(String status, UUID accountId, UUID contactId, UUID opportunityId, String failureReason) {

        static ConversionResponse of(Conversion c) {
            return c == null ? null
                    : new ConversionResponse(c.status().name(), c.accountId(), c.contactId(), c.opportunityId(),
                            c.failureReason());
        }
    }

    record LeadResponse(UUID id, String firstName, String lastName, String companyName, String jobTitle, String email,
                        String phone, String website, LeadSource source, String topic, String description,
                        String ownerId, UUID campaignId, UUID sourceCampaignResponseId, String status,
                        String statusReason, String statusNote, ConversionResponse conversion, long version,
                        Instant createdAt, Instant updatedAt) {

        static LeadResponse of(Lead lead) {
            var d = lead.details();
            return new LeadResponse(lead.id(), d.firstName(), d.lastName(), d.companyName(), d.jobTitle(), d.email(),
                    d.phone(), d.website(), d.source(), d.topic(), d.description(), lead.ownerId(), lead.campaignId(),
                    lead.sourceCampaignResponseId(), lead.status().name(), lead.statusReason().name(), lead.statusNote(),
                    ConversionResponse.of(lead.conversion()), lead.version(), lead.createdAt(), lead.updatedAt());
        }
    }

    /** A created (or qualified) lead with what the duplicate check found; {@code warnings} only when a check was skipped. */
    record CheckedLeadResponse(@JsonUnwrapped LeadResponse lead, List<Duplicate> duplicates,
                               @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {
    }

    static final String DUPLICATE_PROBLEM = "urn:crm:problem:duplicate";

    /** 409 problem+json for {@code ?onDuplicate=reject}: what matched; nothing was stored. */
    static ResponseEntity<Object> duplicatesProblem(LeadService.DuplicatesFound e) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", DUPLICATE_PROBLEM);
        problem.put("title", "Duplicate");
        problem.put("status", 409);
        problem.put("detail", "the lead matches existing records; nothing was stored (onDuplicate=reject)");
        problem.put("duplicates", e.duplicates);
        if (!e.warnings.isEmpty()) {
            problem.put("warnings", e.warnings);
        }
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static boolean reject(String onDuplicate) {
        if (onDuplicate == null || onDuplicate.equals("report")) {
            return false;
        }
        if (onDuplicate.equals("reject")) {
            return true;
        }
        throw new InvalidRequestException("onDuplicate", "must be report (the default) or reject");
    }

    @PostMapping
    Mono<ResponseEntity<Object>> create(@Valid @RequestBody CreateLeadRequest request,
                                        @RequestParam(required = false) String onDuplicate) {
        if (isBlank(request.lastName()) && isBlank(request.companyName())) {
            // Checked here so that the client learns which field to fill; the domain insists too.
            return Mono.error(new InvalidRequestException("lastName", "a lead needs a last name or a company name"));
        }
        LeadDetails details = new LeadDetails(request.firstName(), request.lastName(), request.companyName(),
                request.jobTitle(), request.email(), request.phone(), request.website(), request.source(),
                request.topic(), request.description());
        boolean reject = reject(onDuplicate);
        return CurrentUser.required()
                .flatMap(caller -> leads.create(details, request.ownerId(), request.campaignId(), caller, reject))
                .map(created -> ResponseEntity.created(URI.create("/api/leads/" + created.result().id()))
                        .eTag(ETags.of(created.result().version()))
                        .<Object>body(new CheckedLeadResponse(LeadResponse.of(created.result()), created.duplicates(),
                                created.warnings())))
                .onErrorResume(LeadService.DuplicatesFound.class, e -> Mono.just(duplicatesProblem(e)));
    }

    @GetMapping("/{id}")
    Mono<ResponseEntity<LeadResponse>> get(@PathVariable UUID id) {
        return CurrentUser.required().flatMap(caller -> leads.get(id, caller)).map(LeadController::ok);
    }

    /** Newest first; a sales rep sees only their own and unassigned leads. */
    @GetMapping
    Mono<Page<LeadResponse>> list(@RequestParam(required = false) LeadStatus status,
                                  @RequestParam(required = false) String ownerId,
                                  @RequestParam(required = false) String q, PageRequest page) {
        if (q != null) {
            if (q.length() > 200) {
                return Mono.error(new InvalidRequestException("q", "at most 200 characters"));
            }
            // Ranked, not keyset-ordered: the first `limit` matches, best first, and no next page.
            if (page.hasCursor()) {
                return Mono.error(new InvalidRequestException("cursor", "a search (q) has no further pages"));
            }
            return CurrentUser.required()
                    .flatMap(caller -> leads.search(q, new LeadFilter(status, ownerId), page.limit(), caller))
                    .map(rows -> new Page<>(rows.stream().map(LeadResponse::of).toList(), null));
        }
        return CurrentUser.required()
                .flatMap(caller -> leads.list(new LeadFilter(status, ownerId), page, caller))
                .map(result -> result.map(LeadResponse::of));
    }

    /** JSON merge patch; {@code If-Match} with the ETag guards against overwriting someone's change. */
    @PatchMapping(path = "/{id}", consumes = {"application/merge-patch+json", "application/json"})
    Mono<ResponseEntity<LeadResponse>> update(@PathVariable UUID id,
                                              @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                              @RequestBody JsonNode patch) {
        LeadChanges changes = LeadChanges.parse(patch);
        return CurrentUser.required().flatMap(caller -> leads.update(id, ifMatch, changes, caller)).map(LeadController::ok);
    }

    /** 202: the lead is Qualified now; the records are created by the other services (conversion PENDING). */
    @PostMapping("/{id}/qualify")
    Mono<ResponseEntity<Object>> qualify(@PathVariable UUID id,
                                         @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                         @RequestParam(required = false) String onDuplicate,
                                         @Valid @RequestBody QualificationRequest request) {
        boolean reject = reject(onDuplicate);
        return CurrentUser.required()
                .flatMap(caller -> leads.qualifyChecked(id, ifMatch, request, caller, reject))
                .map(q -> ResponseEntity.status(HttpStatus.ACCEPTED).eTag(ETags.of(q.result().version()))
                        .<Object>body(new CheckedLeadResponse(LeadResponse.of(q.result()), q.duplicates(), q.warnings())))
                .onErrorResume(LeadService.DuplicatesFound.class, e -> Mono.just(duplicatesProblem(e)));
    }

    @PostMapping("/{id}/disqualify")
    Mono<ResponseEntity<LeadResponse>> disqualify(@PathVariable UUID id,
                                                  @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                  @Valid @RequestBody DisqualifyRequest request) {
        if (request.reason().status() != LeadStatus.DISQUALIFIED) {
            return Mono.error(new InvalidRequestException("reason",
                    "must be one of LOST, CANNOT_CONTACT, NO_LONGER_INTERESTED, CANCELED, DUPLICATE"));
        }
        return CurrentUser.required()
                .flatMap(caller -> leads.disqualify(id, ifMatch, request.reason(), request.note(), caller))
                .map(LeadController::ok);
    }

    @PostMapping("/{id}/reactivate")
    Mono<ResponseEntity<LeadResponse>> reactivate(@PathVariable UUID id,
                                                  @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return CurrentUser.required().flatMap(caller -> leads.reactivate(id, ifMatch, caller)).map(LeadController::ok);
    }

    private static ResponseEntity<LeadResponse> ok(Lead lead) {
        return ResponseEntity.ok().eTag(ETags.of(lead.version())).body(LeadResponse.of(lead));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
