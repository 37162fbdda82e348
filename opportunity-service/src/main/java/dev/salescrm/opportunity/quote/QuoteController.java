package dev.salescrm.opportunity.quote;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import dev.salescrm.opportunity.quote.domain.Quote;
import dev.salescrm.opportunity.quote.domain.QuoteLine;
import dev.salescrm.opportunity.quote.domain.QuoteStatus;
import dev.salescrm.opportunity.quote.domain.QuoteStatusReason;
import dev.salescrm.opportunity.quote.domain.QuoteTotals;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.NotFoundException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * The quote API (API.md, "opportunity-service"): quotes drafted inside an opportunity, their lines,
 * and their way through DRAFT → ACTIVE → WON | CLOSED. Every response carries the quote's version
 * as ETag; every change honours {@code If-Match}.
 */
@RestController
class QuoteController {

    private final QuoteService quotes;
    private final QuoteDrafting drafting;
    private final QuoteLifecycle lifecycle;

    QuoteController(QuoteService quotes, QuoteDrafting drafting, QuoteLifecycle lifecycle) {
        this.quotes = quotes;
        this.drafting = drafting;
        this.lifecycle = lifecycle;
    }

    /**
     * A new quote. Its currency is the opportunity's estimated-revenue currency; {@code currency} is
     * only needed for an opportunity without estimated revenue.
     */
    record CreateQuoteRequest(@NotBlank @Size(max = Quote.MAX_NAME_LENGTH) String name, @NotNull UUID priceListId,
                              @NotNull LocalDate validUntil, @Size(max = Quote.MAX_DESCRIPTION_LENGTH) String description,
                              Money discount, String currency) {
    }

    /** A catalog line {@code {productId, unitId, quantity, manualDiscount?}} or a write-in {@code {description, quantity, pricePerUnit, manualDiscount?}}. */
    record LineRequest(UUID productId, UUID unitId, @Size(max = QuoteLine.MAX_DESCRIPTION_LENGTH) String description,
                       BigDecimal quantity, Money pricePerUnit, Money manualDiscount) {
    }

    record CloseRequest(@NotNull QuoteStatusReason reason) {
    }

    record AcceptRequest(Boolean closeOpportunity) {
    }

    record LineResponse(UUID id, int lineNumber, UUID productId, UUID unitId, String description, String quantity,
                        Money pricePerUnit, Money grossAmount, Money volumeDiscount, Money manualDiscount,
                        Money extendedAmount) {

        static LineResponse of(QuoteLine l) {
            return new LineResponse(l.id(), l.lineNumber(), l.productId(), l.unitId(), l.description(),
                    l.quantity().toPlainString(), l.pricePerUnit(), l.grossAmount(), l.volumeDiscount(), l.manualDiscount(),
                    l.extendedAmount());
        }
    }

    record QuoteResponse(UUID id, UUID opportunityId, String name, String description, int revision, UUID revisedFromId,
                         UUID priceListId, String currency, LocalDate validUntil, String status, String statusReason,
                         List<LineResponse> lines, QuoteTotals totals, UUID orderId, long version, Instant createdAt,
                         String createdBy, Instant updatedAt) {

        static QuoteResponse of(Quote q) {
            return new QuoteResponse(q.id(), q.opportunityId(), q.name(), q.description(), q.revision(), q.revisedFromId(),
                    q.priceListId(), q.currency().getCurrencyCode(), q.validUntil(), q.status().name(),
                    q.statusReason().name(), q.lines().stream().map(LineResponse::of).toList(), q.totals(), q.orderId(),
                    q.version(), q.createdAt(), q.createdBy(), q.updatedAt());
        }
    }

    @PostMapping("/api/opportunities/{id}/quotes")
    Mono<ResponseEntity<QuoteResponse>> create(@PathVariable UUID id, @Valid @RequestBody CreateQuoteRequest request) {
        Currency currency;
        try {
            currency = request.currency() == null ? null : Money.currency(request.currency());
        } catch (IllegalArgumentException e) {
            return Mono.error(new InvalidRequestException("currency", e.getMessage()));
        }
        var newQuote = new QuoteDrafting.NewQuote(request.name(), request.priceListId(), request.validUntil(),
                request.description(), request.discount(), currency);
        return CurrentUser.required()
                .flatMap(caller -> drafting.create(id, newQuote, caller))
                .map(QuoteController::created);
    }

    /** The opportunity's quotes, newest first. */
    @GetMapping("/api/opportunities/{id}/quotes")
    Mono<Page<QuoteResponse>> list(@PathVariable UUID id, @RequestParam(required = false) QuoteStatus status,
                                   PageRequest page) {
        return CurrentUser.required()
                .flatMap(caller -> quotes.listOfOpportunity(id, status, page, caller))
                .map(result -> result.map(QuoteResponse::of));
    }

    @GetMapping("/api/quotes/{id}")
    Mono<ResponseEntity<QuoteResponse>> get(@PathVariable UUID id) {
        return CurrentUser.required().flatMap(caller -> quotes.get(id, caller)).map(QuoteController::ok);
    }

    /** JSON merge patch of a draft's name, description, validUntil and discount. */
    @PatchMapping(path = "/api/quotes/{id}", consumes = {"application/merge-patch+json", "application/json"})
    Mono<ResponseEntity<QuoteResponse>> change(@PathVariable UUID id,
                                               @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                               @RequestBody JsonNode patch) {
        QuotePatches.QuoteChanges changes = QuotePatches.QuoteChanges.parse(patch);
        return CurrentUser.required().flatMap(caller -> drafting.changeDetails(id, ifMatch, changes, caller))
                .map(QuoteController::ok);
    }

    /** 201 with the whole quote (its totals changed) and the new line's address in Location. */
    @PostMapping("/api/quotes/{id}/lines")
    Mono<ResponseEntity<QuoteResponse>> addLine(@PathVariable UUID id,
                                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                @Valid @RequestBody LineRequest request) {
        if (request.productId() != null) {
            if (request.unitId() == null) {
                return Mono.error(new InvalidRequestException("unitId", "a catalog line needs the product's unit"));
            }
            if (request.pricePerUnit() != null) {
                return Mono.error(new InvalidRequestException("pricePerUnit",
                        "a catalog line is priced from the quote's price list; a write-in line has no productId"));
            }
        } else if (request.unitId() != null) {
            return Mono.error(new InvalidRequestException("unitId", "only a catalog line (with productId) has a unit"));
        }
        var line = new QuoteDrafting.NewLine(request.productId(), request.unitId(), request.description(),
                request.quantity(), request.pricePerUnit(), request.manualDiscount());
        return CurrentUser.required()
                .flatMap(caller -> drafting.addLine(id, ifMatch, line, caller))
                .map(added -> ResponseEntity.created(URI.create("/api/quotes/" + id + "/lines/" + added.lineId()))
                        .eTag(ETags.of(added.quote().version())).body(QuoteResponse.of(added.quote())));
    }

    @GetMapping("/api/quotes/{id}/lines/{lineId}")
    Mono<ResponseEntity<LineResponse>> getLine(@PathVariable UUID id, @PathVariable UUID lineId) {
        return CurrentUser.required()
                .flatMap(caller -> quotes.get(id, caller))
                .flatMap(quote -> Mono.justOrEmpty(quote.line(lineId))
                        .switchIfEmpty(Mono.error(new NotFoundException("quote line", lineId)))
                        .map(line -> ResponseEntity.ok().eTag(ETags.of(quote.version())).body(LineResponse.of(line))));
    }

    /** JSON merge patch of a line's quantity, manual discount, description (and a write-in's price per unit). */
    @PatchMapping(path = "/api/quotes/{id}/lines/{lineId}", consumes = {"application/merge-patch+json", "application/json"})
    Mono<ResponseEntity<QuoteResponse>> changeLine(@PathVariable UUID id, @PathVariable UUID lineId,
                                                   @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                   @RequestBody JsonNode patch) {
        QuotePatches.LineChanges changes = QuotePatches.LineChanges.parse(patch);
        return CurrentUser.required().flatMap(caller -> drafting.changeLine(id, lineId, ifMatch, changes, caller))
                .map(QuoteController::ok);
    }

    /** 200 with the quote and its new totals. */
    @DeleteMapping("/api/quotes/{id}/lines/{lineId}")
    Mono<ResponseEntity<QuoteResponse>> removeLine(@PathVariable UUID id, @PathVariable UUID lineId,
                                                   @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return CurrentUser.required().flatMap(caller -> drafting.removeLine(id, lineId, ifMatch, caller))
                .map(QuoteController::ok);
    }

    @PostMapping("/api/quotes/{id}/activate")
    Mono<ResponseEntity<QuoteResponse>> activate(@PathVariable UUID id,
                                                 @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return CurrentUser.required().flatMap(caller -> lifecycle.activate(id, ifMatch, caller)).map(QuoteController::ok);
    }

    /** {@code reason}: LOST (an offered quote the customer turned down) or CANCELED. */
    @PostMapping("/api/quotes/{id}/close")
    Mono<ResponseEntity<QuoteResponse>> close(@PathVariable UUID id,
                                              @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                              @Valid @RequestBody CloseRequest request) {
        if (request.reason() != QuoteStatusReason.LOST && request.reason() != QuoteStatusReason.CANCELED) {
            return Mono.error(new InvalidRequestException("reason", "must be one of LOST, CANCELED"));
        }
        return CurrentUser.required().flatMap(caller -> lifecycle.close(id, ifMatch, request.reason(), caller))
                .map(QuoteController::ok);
    }

    /** 201 with the new draft (revision + 1); the revised quote is closed. */
    @PostMapping("/api/quotes/{id}/revise")
    Mono<ResponseEntity<QuoteResponse>> revise(@PathVariable UUID id,
                                               @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return CurrentUser.required().flatMap(caller -> lifecycle.revise(id, ifMatch, caller)).map(QuoteController::created);
    }

    /** 200 with the won quote and its {@code orderId}; {@code closeOpportunity} (default false) wins the opportunity too. */
    @PostMapping("/api/quotes/{id}/accept")
    Mono<ResponseEntity<QuoteResponse>> accept(@PathVariable UUID id,
                                               @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                               @RequestBody(required = false) AcceptRequest request) {
        boolean closeOpportunity = request != null && Boolean.TRUE.equals(request.closeOpportunity());
        return CurrentUser.required().flatMap(caller -> lifecycle.accept(id, ifMatch, closeOpportunity, caller))
                .map(QuoteController::ok);
    }

    private static ResponseEntity<QuoteResponse> ok(Quote quote) {
        return ResponseEntity.ok().eTag(ETags.of(quote.version())).body(QuoteResponse.of(quote));
    }

    private static ResponseEntity<QuoteResponse> created(Quote quote) {
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/api/quotes/" + quote.id()))
                .eTag(ETags.of(quote.version())).body(QuoteResponse.of(quote));
    }
}
