package dev.salescrm.billing.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
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

import dev.salescrm.billing.order.DocumentResponses.LineResponse;
import dev.salescrm.billing.order.DocumentResponses.TotalsResponse;
import dev.salescrm.billing.order.domain.Order;
import dev.salescrm.billing.order.domain.OrderStatus;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * The order API (API.md, "billing-service"): orders are created from accepted quotes, not through
 * this API; it reads them, moves them through their states, and changes an ACTIVE order's lines.
 * Invoicing ({@code POST /api/orders/{id}/invoice}) is the invoice API's. Money is
 * {@code {"amount": "<decimal string>", "currency": "…"}}.
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

    private final OrderService orders;
    private final OrderLifecycle lifecycle;

    OrderController(OrderService orders, OrderLifecycle lifecycle) {
        this.orders = orders;
        this.lifecycle = lifecycle;
    }

    record OrderResponse(UUID id, String orderNumber, OrderStatus status, String cancelReason, String name,
                         UUID quoteId, UUID opportunityId, UUID accountId, UUID contactId, String ownerId,
                         UUID priceListId, String currency, List<LineResponse> lines, TotalsResponse totals,
                         long version, Instant createdAt, String createdBy, Instant updatedAt) {

        static OrderResponse of(Order o) {
            return new OrderResponse(o.id(), o.orderNumber(), o.status(), o.cancelReason(), o.name(), o.quoteId(),
                    o.opportunityId(), o.accountId(), o.contactId(), o.ownerId(), o.priceListId(),
                    o.currency().getCurrencyCode(), DocumentResponses.lines(o.lines()), TotalsResponse.of(o.totals()),
                    o.version(), o.createdAt(), o.createdBy(), o.updatedAt());
        }
    }

    record CancelRequest(@NotBlank @Size(max = Order.MAX_REASON_LENGTH) String reason) {
    }

    @GetMapping("/{id}")
    Mono<ResponseEntity<OrderResponse>> get(@PathVariable UUID id) {
        return CurrentUser.required().flatMap(caller -> orders.get(id, caller)).map(OrderController::ok);
    }

    /**
     * Newest first; a sales rep sees only the orders of their own deals. {@code createdFrom} and
     * {@code createdTo} are UTC days, both included.
     */
    @GetMapping
    Mono<Page<OrderResponse>> list(@RequestParam(required = false) UUID accountId,
                                   @RequestParam(required = false) UUID opportunityId,
                                   @RequestParam(required = false) OrderStatus status,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate createdFrom,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate createdTo,
                                   PageRequest page) {
        if (createdFrom != null && createdTo != null && createdTo.isBefore(createdFrom)) {
            return Mono.error(new InvalidRequestException("createdTo", "must not be before createdFrom"));
        }
        OrderFilter filter = new OrderFilter(accountId, opportunityId, status, createdFrom, createdTo);
        return CurrentUser.required()
                .flatMap(caller -> orders.list(filter, page, caller))
                .map(result -> result.map(OrderResponse::of));
    }

    /** ACTIVE → SUBMITTED. */
    @PostMapping("/{id}/submit")
    Mono<ResponseEntity<OrderResponse>> submit(@PathVariable UUID id,
                                               @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return CurrentUser.required().flatMap(caller -> lifecycle.submit(id, ifMatch, caller)).map(OrderController::ok);
    }

    /** SUBMITTED → FULFILLED. */
    @PostMapping("/{id}/fulfill")
    Mono<ResponseEntity<OrderResponse>> fulfill(@PathVariable UUID id,
                                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return CurrentUser.required().flatMap(caller -> lifecycle.fulfill(id, ifMatch, caller)).map(OrderController::ok);
    }

    /** ACTIVE or SUBMITTED → CANCELED, {@code {reason}} required. */
    @PostMapping("/{id}/cancel")
    Mono<ResponseEntity<OrderResponse>> cancel(@PathVariable UUID id,
                                               @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                               @Valid @RequestBody CancelRequest request) {
        return CurrentUser.required()
                .flatMap(caller -> lifecycle.cancel(id, ifMatch, request.reason(), caller))
                .map(OrderController::ok);
    }

    /**
     * A line's quantity, as a JSON merge patch {@code {"quantity": "12"}} (a decimal string, or a
     * whole JSON number); only while the order is ACTIVE. Prices and discounts stay as
     * accepted; the line and the totals are recomputed.
     */
    @PatchMapping(path = "/{id}/lines/{lineNumber}", consumes = {"application/merge-patch+json", "application/json"})
    Mono<ResponseEntity<OrderResponse>> changeLine(@PathVariable UUID id, @PathVariable int lineNumber,
                                                   @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                   @RequestBody JsonNode patch) {
        BigDecimal quantity = quantity(patch);
        return CurrentUser.required()
                .flatMap(caller -> lifecycle.changeQuantity(id, lineNumber, ifMatch, quantity, caller))
                .map(OrderController::ok);
    }

    /** Removes a line of an ACTIVE order (not its last one); 200 with the order and its new totals. */
    @DeleteMapping("/{id}/lines/{lineNumber}")
    Mono<ResponseEntity<OrderResponse>> removeLine(@PathVariable UUID id, @PathVariable int lineNumber,
                                                   @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return CurrentUser.required()
                .flatMap(caller -> lifecycle.removeLine(id, lineNumber, ifMatch, caller))
                .map(OrderController::ok);
    }

    private static ResponseEntity<OrderResponse> ok(Order order) {
        return ResponseEntity.ok().eTag(ETags.of(order.version())).body(OrderResponse.of(order));
    }

    /** The one field a line patch may carry; anything else is named in a 400. */
    private static BigDecimal quantity(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException(null, "a merge patch is a JSON object such as {\"quantity\": \"12\"}");
        }
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            if (!member.getKey().equals("quantity")) {
                throw new InvalidRequestException(member.getKey(),
                        "is not a field that can be changed (only quantity; prices are as accepted)");
            }
        }
        JsonNode value = patch.get("quantity");
        if (value == null || value.isNull()) {
            throw new InvalidRequestException("quantity", "is required");
        }
        if (value.isIntegralNumber()) {
            return new BigDecimal(value.bigIntegerValue());
        }
        if (value.isNumber()) {
            // Read through a double already: 2.5 survives, 0.1234567890123456789 would not.
            throw new InvalidRequestException("quantity", "a fractional quantity is sent as a decimal string such as \"2.5\"");
        }
        if (value.isString()) {
            try {
                return Money.parseAmount(value.asString());
            } catch (IllegalArgumentException e) {
                // falls through to the message below
            }
        }
        throw new InvalidRequestException("quantity", "must be a decimal number such as \"2.5\"");
    }
}
