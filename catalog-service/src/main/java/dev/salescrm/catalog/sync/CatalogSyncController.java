package dev.salescrm.catalog.sync;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.salescrm.catalog.price.PriceItemRequests.DiscountRequest;
import dev.salescrm.catalog.price.PriceItemRequests.RoundingRequest;
import dev.salescrm.catalog.pricing.PricingMethod;
import dev.salescrm.platform.security.CurrentUser;

/** {@code POST /api/catalog/sync}: the ERP's bulk upsert of products and prices, keyed by SKU. */
@RestController
class CatalogSyncController {

    private final CatalogSync sync;

    CatalogSyncController(CatalogSync sync) {
        this.sync = sync;
    }

    record ProductRow(@NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._/-]{0,99}") String sku,
                      @NotBlank @Size(max = 300) String name, @Size(max = 10_000) String description,
                      @NotNull UUID unitGroupId, @NotNull UUID defaultUnitId) {
    }

    record PriceRow(@NotNull UUID priceListId, @NotBlank String sku, @NotNull UUID unitId, PricingMethod pricingMethod,
                    String amount, BigDecimal percent, UUID basePriceListId, @Valid RoundingRequest rounding,
                    @Valid DiscountRequest discount) {
    }

    record SyncRequest(@Size(max = 50_000) List<@Valid @NotNull ProductRow> products,
                       @Size(max = 200_000) List<@Valid @NotNull PriceRow> prices) {
    }

    record Counts(int created, int updated, int unchanged) {
    }

    record SyncResponse(int created, int updated, int unchanged, Counts products, Counts prices) {
    }

    @PostMapping("/api/catalog/sync")
    Mono<SyncResponse> sync(@Valid @RequestBody SyncRequest request) {
        return CurrentUser.required().flatMap(caller -> sync.run(
                        request.products() == null ? List.of() : request.products(),
                        request.prices() == null ? List.of() : request.prices(), caller.id()))
                .map(result -> new SyncResponse(
                        result.products().created() + result.prices().created(),
                        result.products().updated() + result.prices().updated(),
                        result.products().unchanged() + result.prices().unchanged(),
                        result.products(), result.prices()));
    }
}
