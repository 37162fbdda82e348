package dev.salescrm.catalog.price;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.salescrm.catalog.price.domain.PriceItem;
import dev.salescrm.catalog.price.domain.PriceList;
import dev.salescrm.catalog.pricing.DiscountBand;
import dev.salescrm.catalog.pricing.DiscountList;
import dev.salescrm.catalog.pricing.DiscountType;
import dev.salescrm.catalog.pricing.LinePrice;
import dev.salescrm.catalog.pricing.PriceDefinition;
import dev.salescrm.catalog.pricing.PricingException;
import dev.salescrm.catalog.pricing.PricingMethod;
import dev.salescrm.catalog.pricing.Rounding;
import dev.salescrm.catalog.pricing.RoundingPolicy;
import dev.salescrm.catalog.pricing.replica.PriceUpsertedV1;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.catalog.price.PriceItemRequests.ItemRequest;
import dev.salescrm.catalog.price.PriceItemRequests.RoundingRequest;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/** Price lists, their items and the pricing of a line (API.md, "catalog-service"). */
@RestController
class PriceController {

    private final PriceService prices;
    private final JsonMapper json;

    PriceController(PriceService prices, JsonMapper json) {
        this.prices = prices;
        this.json = json;
    }

    // ---- price lists -----------------------------------------------------------------------------

    record CreatePriceListRequest(@NotBlank @Size(max = 200) String name, @NotBlank String currency, LocalDate validFrom,
                                  LocalDate validTo) {
    }

    record PriceListResponse(UUID id, String name, String currency, LocalDate validFrom, LocalDate validTo, long version,
                             Instant createdAt) {

        static PriceListResponse of(PriceList l) {
            return new PriceListResponse(l.id(), l.name(), l.currency().getCurrencyCode(), l.validFrom(), l.validTo(),
                    l.version(), l.createdAt());
        }
    }

    @PostMapping("/api/price-lists")
    Mono<ResponseEntity<PriceListResponse>> createList(@Valid @RequestBody CreatePriceListRequest r) {
        return CurrentUser.required()
                .flatMap(caller -> prices.createList(r.name(), r.currency(), r.validFrom(), r.validTo(), caller.id()))
                .map(l -> ResponseEntity.created(URI.create("/api/price-lists/" + l.id())).eTag(ETags.of(l.version()))
                        .body(PriceListResponse.of(l)));
    }

    @GetMapping("/api/price-lists")
    Mono<Page<PriceListResponse>> lists(PageRequest page) {
        return prices.lists(page).map(p -> p.map(PriceListResponse::of));
    }

    @GetMapping("/api/price-lists/{id}")
    Mono<ResponseEntity<PriceListResponse>> list(@PathVariable UUID id) {
        return prices.list(id).map(l -> ResponseEntity.ok().eTag(ETags.of(l.version())).body(PriceListResponse.of(l)));
    }

    // ---- items -----------------------------------------------------------------------------------

    record ItemResponse(UUID id, UUID priceListId, UUID productId, UUID unitId, PricingMethod pricingMethod, String amount,
                        BigDecimal percent, UUID basePriceListId, RoundingRequest rounding, PriceUpsertedV1.Discount discount,
                        Money price, long version, Instant createdAt, Instant updatedAt) {

        static ItemResponse of(PriceItem item) {
            ItemRequest r = ItemRequest.of(item);
            return new ItemResponse(item.id(), item.priceListId(), item.productId(), item.unitId(), r.pricingMethod(),
                    r.amount(), r.percent(), r.basePriceListId(), r.rounding(), PriceUpsertedV1.Discount.of(item.discount()),
                    item.price(), item.version(), item.createdAt(), item.updatedAt());
        }
    }

    @PostMapping("/api/price-lists/{id}/items")
    Mono<ResponseEntity<ItemResponse>> addItem(@PathVariable UUID id, @Valid @RequestBody ItemRequest request) {
        PriceService.ItemSpec spec = request.toSpec("");
        return CurrentUser.required().flatMap(caller -> prices.addItem(id, spec, caller.id()))
                .map(item -> ResponseEntity.created(URI.create("/api/price-lists/" + id + "/items/" + item.id()))
                        .eTag(ETags.of(item.version())).body(ItemResponse.of(item)));
    }

    @GetMapping("/api/price-lists/{id}/items")
    Mono<Page<ItemResponse>> items(@PathVariable UUID id, @RequestParam(required = false) UUID productId, PageRequest page) {
        return prices.items(id, productId, page).map(p -> p.map(ItemResponse::of));
    }

    @GetMapping("/api/price-lists/{id}/items/{itemId}")
    Mono<ResponseEntity<ItemResponse>> item(@PathVariable UUID id, @PathVariable UUID itemId) {
        return prices.item(id, itemId).map(PriceController::ok);
    }

    /** JSON merge patch of the item's pricing (not of its product or unit: that is another item). */
    @PatchMapping(path = "/api/price-lists/{id}/items/{itemId}", consumes = {"application/merge-patch+json", "application/json"})
    Mono<ResponseEntity<ItemResponse>> updateItem(@PathVariable UUID id, @PathVariable UUID itemId,
                                                  @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                  @RequestBody JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return Mono.error(new InvalidRequestException(null, "a merge patch must be a JSON object"));
        }
        for (String fixed : List.of("productId", "unitId")) {
            if (patch.has(fixed)) {
                return Mono.error(new InvalidRequestException(fixed, "cannot be changed; add an item for another product or unit"));
            }
        }
        return CurrentUser.required()
                .flatMap(caller -> prices.updateItem(id, itemId, ifMatch, item -> merged(item, patch), caller.id()))
                .map(PriceController::ok);
    }

    @DeleteMapping("/api/price-lists/{id}/items/{itemId}")
    Mono<ResponseEntity<Void>> deleteItem(@PathVariable UUID id, @PathVariable UUID itemId,
                                          @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return CurrentUser.required().flatMap(caller -> prices.deleteItem(id, itemId, ifMatch, caller.id()))
                .thenReturn(ResponseEntity.noContent().build());
    }

    record LinePriceResponse(Money unitPrice, String quantity, Money grossAmount, Money volumeDiscount, Money extendedAmount) {

        static LinePriceResponse of(LinePrice p) {
            return new LinePriceResponse(p.unitPrice(), PriceUpsertedV1.plain(p.quantity()), p.grossAmount(),
                    p.volumeDiscount(), p.extendedAmount());
        }
    }

    /** Prices a line of {@code quantity} units with the pricing function — what a price replica answers too. */
    @GetMapping("/api/price-lists/{id}/price")
    Mono<LinePriceResponse> price(@PathVariable UUID id, @RequestParam UUID productId, @RequestParam UUID unitId,
                                  @RequestParam BigDecimal quantity) {
        return prices.priceLine(id, productId, unitId, quantity).map(LinePriceResponse::of);
    }

    private PriceService.ItemSpec merged(PriceItem item, JsonNode patch) {
        ObjectNode current = json.valueToTree(ItemRequest.of(item));
        mergePatch(current, patch);
        ItemRequest request;
        try {
            request = json.treeToValue(current, ItemRequest.class);
        } catch (RuntimeException e) {
            throw new InvalidRequestException(null, "the patched item is not a valid price list item");
        }
        if (request.productId() == null || request.unitId() == null) {
            throw new InvalidRequestException(null, "the patched item is not a valid price list item");
        }
        return request.toSpec("");
    }

    /** RFC 7396: null removes a member, an object merges into an object, anything else replaces. */
    private static void mergePatch(ObjectNode target, JsonNode patch) {
        for (var member : patch.properties()) {
            JsonNode value = member.getValue();
            if (value.isNull()) {
                target.remove(member.getKey());
            } else if (value.isObject() && target.get(member.getKey()) instanceof ObjectNode inner) {
                mergePatch(inner, value);
            } else {
                target.set(member.getKey(), value);
            }
        }
    }

    private static ResponseEntity<ItemResponse> ok(PriceItem item) {
        return ResponseEntity.ok().eTag(ETags.of(item.version())).body(ItemResponse.of(item));
    }
}
