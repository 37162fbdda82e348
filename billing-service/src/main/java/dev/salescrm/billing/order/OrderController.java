package dev.salescrm.billing.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.salescrm.billing.order.domain.Order;
import dev.salescrm.billing.order.domain.OrderLine;
import dev.salescrm.billing.order.domain.OrderStatus;
import dev.salescrm.billing.order.domain.OrderTotals;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * The order API (API.md, "billing-service"): orders are created from accepted quotes, not through
 * this API; it reads them. Money is {@code {"amount": "<decimal string>", "currency": "…"}}.
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    /** A line as accepted; quantity is a decimal string like the amounts, so no digit is lost. */
    record OrderLineResponse(UUID lineId, UUID productId, UUID unitId, String sku, String description,
                             String quantity, Money pricePerUnit, Money volumeDiscount, Money manualDiscount,
                             Money extendedAmount) {

        static OrderLineResponse of(OrderLine l) {
            return new OrderLineResponse(l.lineId(), l.productId(), l.unitId(), l.sku(), l.description(),
                    l.quantity().toPlainString(), l.pricePerUnit(), l.volumeDiscount(), l.manualDiscount(),
                    l.extendedAmount());
        }
    }

    record TotalsResponse(Money detailAmount, Money discountAmount, Money taxAmount, Money totalAmount) {

        static TotalsResponse of(OrderTotals t) {
            return new TotalsResponse(t.detailAmount(), t.discountAmount(), t.taxAmount(), t.totalAmount());
        }
    }

    record OrderResponse(UUID id, String orderNumber, OrderStatus status, String name, UUID quoteId,
                         UUID opportunityId, UUID accountId, UUID contactId, String ownerId, UUID priceListId,
                         String currency, List<OrderLineResponse> lines, TotalsResponse totals, long version,
                         Instant createdAt, String createdBy, Instant updatedAt) {

        static OrderResponse of(Order o) {
            return new OrderResponse(o.id(), o.orderNumber(), o.status(), o.name(), o.quoteId(), o.opportunityId(),
                    o.accountId(), o.contactId(), o.ownerId(), o.priceListId(), o.currency().getCurrencyCode(),
                    o.lines().stream().map(OrderLineResponse::of).toList(), TotalsResponse.of(o.totals()),
                    o.version(), o.createdAt(), o.createdBy(), o.updatedAt());
        }
    }

    @GetMapping("/{id}")
    Mono<ResponseEntity<OrderResponse>> get(@PathVariable UUID id) {
        return CurrentUser.required()
                .flatMap(caller -> orders.get(id, caller))
                .map(order -> ResponseEntity.ok().eTag(ETags.of(order.version())).body(OrderResponse.of(order)));
    }

    /** Newest first; a sales rep sees only the orders of their own deals. */
    @GetMapping
    Mono<Page<OrderResponse>> list(@RequestParam(required = false) UUID accountId,
                                   @RequestParam(required = false) UUID opportunityId,
                                   @RequestParam(required = false) OrderStatus status, PageRequest page) {
        return CurrentUser.required()
                .flatMap(caller -> orders.list(new OrderFilter(accountId, opportunityId, status), page, caller))
                .map(result -> result.map(OrderResponse::of));
    }
}
