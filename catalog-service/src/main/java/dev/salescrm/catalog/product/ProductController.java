package dev.salescrm.catalog.product;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
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

import dev.salescrm.catalog.product.domain.Product;
import dev.salescrm.catalog.product.domain.ProductStatus;
import dev.salescrm.catalog.product.domain.Unit;
import dev.salescrm.catalog.product.domain.UnitGroup;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/** Unit groups and products (API.md, "catalog-service"). */
@RestController
class ProductController {

    static final String SKU = "[A-Za-z0-9][A-Za-z0-9._/-]{0,99}";

    private final ProductService catalog;

    ProductController(ProductService catalog) {
        this.catalog = catalog;
    }

    // ---- unit groups -----------------------------------------------------------------------------

    record UnitRequest(@NotBlank @Size(max = 100) String name, @NotNull @DecimalMin(value = "0", inclusive = false) BigDecimal quantity) {
    }

    record CreateUnitGroupRequest(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 100) String baseUnit,
                                  List<@Valid UnitRequest> units) {
    }

    record UnitResponse(UUID id, String name, String quantity, boolean base) {
    }

    record UnitGroupResponse(UUID id, String name, UUID baseUnitId, List<UnitResponse> units, long version, Instant createdAt) {

        static UnitGroupResponse of(UnitGroup g) {
            return new UnitGroupResponse(g.id(), g.name(), g.baseUnitId(), g.units().stream()
                    .map(u -> new UnitResponse(u.id(), u.name(), plain(u), u.id().equals(g.baseUnitId()))).toList(),
                    g.version(), g.createdAt());
        }

        private static String plain(Unit u) {
            BigDecimal q = u.quantity().stripTrailingZeros();
            return (q.scale() < 0 ? q.setScale(0) : q).toPlainString();
        }
    }

    @PostMapping("/api/unit-groups")
    Mono<ResponseEntity<UnitGroupResponse>> createUnitGroup(@Valid @RequestBody CreateUnitGroupRequest request) {
        List<ProductService.NewUnit> units = request.units() == null ? List.of()
                : request.units().stream().map(u -> new ProductService.NewUnit(u.name(), u.quantity())).toList();
        return catalog.createUnitGroup(request.name(), request.baseUnit(), units)
                .map(g -> ResponseEntity.created(URI.create("/api/unit-groups/" + g.id())).eTag(ETags.of(g.version()))
                        .body(UnitGroupResponse.of(g)));
    }

    @GetMapping("/api/unit-groups")
    Mono<Page<UnitGroupResponse>> unitGroups(PageRequest page) {
        return catalog.unitGroups(page).map(p -> p.map(UnitGroupResponse::of));
    }

    @GetMapping("/api/unit-groups/{id}")
    Mono<ResponseEntity<UnitGroupResponse>> unitGroup(@PathVariable UUID id) {
        return catalog.unitGroup(id).map(g -> ResponseEntity.ok().eTag(ETags.of(g.version())).body(UnitGroupResponse.of(g)));
    }

    /** Adds a unit to the group; units are never changed or removed (prices and quote lines refer to them). */
    @PostMapping("/api/unit-groups/{id}/units")
    Mono<ResponseEntity<UnitGroupResponse>> addUnit(@PathVariable UUID id,
                                                    @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                    @Valid @RequestBody UnitRequest request) {
        return catalog.addUnit(id, ifMatch, new ProductService.NewUnit(request.name(), request.quantity()))
                .map(g -> ResponseEntity.created(URI.create("/api/unit-groups/" + g.id())).eTag(ETags.of(g.version()))
                        .body(UnitGroupResponse.of(g)));
    }

    // ---- products --------------------------------------------------------------------------------

    record CreateProductRequest(@NotBlank @Pattern(regexp = SKU) String sku, @NotBlank @Size(max = 300) String name,
                                @Size(max = 10_000) String description, @NotNull UUID unitGroupId,
                                @NotNull UUID defaultUnitId) {
    }

    record ProductResponse(UUID id, String sku, String name, String description, UUID unitGroupId, UUID defaultUnitId,
                           ProductStatus status, long version, Instant createdAt, Instant updatedAt) {

        static ProductResponse of(Product p) {
            return new ProductResponse(p.id(), p.sku(), p.name(), p.description(), p.unitGroupId(), p.defaultUnitId(),
                    p.status(), p.version(), p.createdAt(), p.updatedAt());
        }
    }

    @PostMapping("/api/products")
    Mono<ResponseEntity<ProductResponse>> create(@Valid @RequestBody CreateProductRequest r) {
        return CurrentUser.required()
                .flatMap(caller -> catalog.create(new ProductService.ProductDetails(r.sku(), r.name(), r.description(),
                        r.unitGroupId(), r.defaultUnitId()), caller.id()))
                .map(p -> ResponseEntity.created(URI.create("/api/products/" + p.id())).eTag(ETags.of(p.version()))
                        .body(ProductResponse.of(p)));
    }

    @GetMapping("/api/products")
    Mono<Page<ProductResponse>> list(@RequestParam(required = false) ProductStatus status,
                                     @RequestParam(required = false) String sku, PageRequest page) {
        return catalog.list(status, sku, page).map(p -> p.map(ProductResponse::of));
    }

    @GetMapping("/api/products/{id}")
    Mono<ResponseEntity<ProductResponse>> get(@PathVariable UUID id) {
        return catalog.get(id).map(ProductController::ok);
    }

    @PatchMapping(path = "/api/products/{id}", consumes = {"application/merge-patch+json", "application/json"})
    Mono<ResponseEntity<ProductResponse>> update(@PathVariable UUID id,
                                                 @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                 @RequestBody JsonNode patch) {
        ProductChanges changes = ProductChanges.parse(patch);
        return CurrentUser.required().flatMap(caller -> catalog.update(id, ifMatch, changes, caller.id()))
                .map(ProductController::ok);
    }

    @PostMapping("/api/products/{id}/activate")
    Mono<ResponseEntity<ProductResponse>> activate(@PathVariable UUID id,
                                                   @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return CurrentUser.required().flatMap(caller -> catalog.activate(id, ifMatch, caller.id())).map(ProductController::ok);
    }

    @PostMapping("/api/products/{id}/retire")
    Mono<ResponseEntity<ProductResponse>> retire(@PathVariable UUID id,
                                                 @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return CurrentUser.required().flatMap(caller -> catalog.retire(id, ifMatch, caller.id())).map(ProductController::ok);
    }

    private static ResponseEntity<ProductResponse> ok(Product p) {
        return ResponseEntity.ok().eTag(ETags.of(p.version())).body(ProductResponse.of(p));
    }
}
