package dev.salescrm.catalog.sync;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.catalog.price.PriceItemRequests.ItemRequest;
import dev.salescrm.catalog.price.PriceRepository;
import dev.salescrm.catalog.price.PriceService;
import dev.salescrm.catalog.product.ProductRepository;
import dev.salescrm.catalog.product.ProductService;
import dev.salescrm.catalog.product.domain.Product;
import dev.salescrm.catalog.product.domain.ProductStatus;
import dev.salescrm.catalog.sync.CatalogSyncController.Counts;
import dev.salescrm.catalog.sync.CatalogSyncController.PriceRow;
import dev.salescrm.catalog.sync.CatalogSyncController.ProductRow;
import dev.salescrm.platform.web.IllegalTransitionException;
import dev.salescrm.platform.web.InvalidRequestException;

/**
 * The ERP sync: products then prices, in <em>one</em> transaction — a bad row rolls back the whole
 * call (and its events: they are in the same outbox transaction), and the 400 names the row
 * ({@code products[3].defaultUnitId}). A row that matches what is stored writes nothing and
 * publishes nothing, so a re-sync of an unchanged catalog is silent.
 *
 * <p>Products new to the catalog are created ACTIVE: the ERP sends what is sold. An existing
 * product's status is not the ERP's to change (activate/retire are explicit); a RETIRED product
 * can be neither changed nor priced.
 */
@Service
class CatalogSync {

    record Result(Counts products, Counts prices) {
    }

    private final ProductService productService;
    private final ProductRepository products;
    private final PriceService priceService;
    private final PriceRepository prices;
    private final TransactionalOperator tx;

    CatalogSync(ProductService productService, ProductRepository products, PriceService priceService,
                PriceRepository prices, TransactionalOperator tx) {
        this.productService = productService;
        this.products = products;
        this.priceService = priceService;
        this.prices = prices;
        this.tx = tx;
    }

    Mono<Result> run(List<ProductRow> productRows, List<PriceRow> priceRows, String actor) {
        return Mono.fromRunnable(() -> checkDuplicates(productRows, priceRows))
                .then(Mono.defer(() -> {
                    Tally productTally = new Tally();
                    Tally priceTally = new Tally();
                    Map<String, Product> bySku = new HashMap<>();
                    Set<String> skus = new HashSet<>();
                    productRows.forEach(r -> skus.add(r.sku()));
                    priceRows.forEach(r -> skus.add(r.sku()));
                    return products.findBySkusForUpdate(skus).doOnNext(p -> bySku.put(p.sku(), p)).then()
                            .thenMany(Flux.range(0, productRows.size())
                                    .concatMap(i -> syncProduct(i, productRows.get(i), bySku, productTally, actor)))
                            .thenMany(Flux.range(0, priceRows.size())
                                    .concatMap(i -> syncPrice(i, priceRows.get(i), bySku, priceTally, actor)))
                            .then(Mono.fromSupplier(() -> new Result(productTally.counts(), priceTally.counts())));
                }))
                .as(tx::transactional);
    }

    private Mono<Void> syncProduct(int i, ProductRow row, Map<String, Product> bySku, Tally tally, String actor) {
        String at = "products[" + i + "].";
        Product existing = bySku.get(row.sku());
        if (existing == null) {
            return productService.createInTransaction(new ProductService.ProductDetails(row.sku(), row.name(),
                            row.description(), row.unitGroupId(), row.defaultUnitId()), ProductStatus.ACTIVE, actor, at)
                    .doOnNext(created -> {
                        bySku.put(created.sku(), created);
                        tally.created.incrementAndGet();
                    })
                    .then();
        }
        if (!existing.unitGroupId().equals(row.unitGroupId())) {
            return Mono.error(new InvalidRequestException(at + "unitGroupId",
                    "product " + row.sku() + " is in another unit group; a product's unit group does not change"));
        }
        return productService.updateInTransaction(existing, row.name(), row.description(), row.defaultUnitId(), actor, at)
                .onErrorMap(IllegalTransitionException.class, e -> new InvalidRequestException(at + "sku",
                        "product " + row.sku() + " is " + e.currentState() + " and cannot be changed"))
                .doOnNext(next -> {
                    bySku.put(next.sku(), next);
                    (next == existing ? tally.unchanged : tally.updated).incrementAndGet();
                })
                .then();
    }

    private Mono<Void> syncPrice(int i, PriceRow row, Map<String, Product> bySku, Tally tally, String actor) {
        String at = "prices[" + i + "].";
        Product product = bySku.get(row.sku());
        if (product == null) {
            return Mono.error(new InvalidRequestException(at + "sku", "no product with SKU " + row.sku()));
        }
        PriceService.ItemSpec spec = new ItemRequest(product.id(), row.unitId(), row.pricingMethod(), row.amount(),
                row.percent(), row.basePriceListId(), row.rounding(), row.discount()).toSpec(at);
        return prices.findList(row.priceListId())
                .switchIfEmpty(Mono.error(new InvalidRequestException(at + "priceListId", "no such price list")))
                .flatMap(list -> priceService.upsertInTransaction(list, product, spec, false, actor, at))
                .doOnNext(result -> (switch (result.outcome()) {
                    case CREATED -> tally.created;
                    case UPDATED -> tally.updated;
                    case UNCHANGED -> tally.unchanged;
                }).incrementAndGet())
                .then();
    }

    /** The same SKU twice, or the same price twice, in one call is ambiguous: 400 on the second. */
    private static void checkDuplicates(List<ProductRow> productRows, List<PriceRow> priceRows) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < productRows.size(); i++) {
            if (!seen.add(productRows.get(i).sku())) {
                throw new InvalidRequestException("products[" + i + "].sku", "SKU " + productRows.get(i).sku()
                        + " appears twice in this sync");
            }
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < priceRows.size(); i++) {
            PriceRow r = priceRows.get(i);
            if (!keys.add(r.priceListId() + ":" + r.sku() + ":" + r.unitId())) {
                throw new InvalidRequestException("prices[" + i + "]", "the same price list, SKU and unit appear twice");
            }
        }
    }

    private static final class Tally {
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger updated = new AtomicInteger();
        final AtomicInteger unchanged = new AtomicInteger();

        Counts counts() {
            return new Counts(created.get(), updated.get(), unchanged.get());
        }
    }
}
