package dev.salescrm.catalog.price;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.catalog.price.domain.PriceItem;
import dev.salescrm.catalog.price.domain.PriceList;
import dev.salescrm.catalog.pricing.DiscountList;
import dev.salescrm.catalog.pricing.LinePrice;
import dev.salescrm.catalog.pricing.PriceDefinition;
import dev.salescrm.catalog.pricing.Pricing;
import dev.salescrm.catalog.pricing.PricingException;
import dev.salescrm.catalog.pricing.PricingMethod;
import dev.salescrm.catalog.product.ProductRepository;
import dev.salescrm.catalog.product.ProductService;
import dev.salescrm.catalog.product.UnitGroupRepository;
import dev.salescrm.catalog.product.domain.IllegalProductTransition;
import dev.salescrm.catalog.product.domain.Product;
import dev.salescrm.catalog.product.domain.Unit;
import dev.salescrm.catalog.product.domain.UnitGroup;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.outbox.OutboxWriter;
import dev.salescrm.platform.web.Cursor;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.NotFoundException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * Price lists and their items. Every change of an item's list price is published on the
 * compacted price topic in the transaction that makes it — including the items of other lists
 * priced as a percentage of it, which are recomputed at once.
 */
@Service
public class PriceService {

    /** A price list item as asked for: the product in a unit, how it is priced, its discounts. */
    public record ItemSpec(UUID productId, UUID unitId, PriceDefinition definition, UUID basePriceListId,
                           DiscountList discount) {
    }

    public enum Outcome { CREATED, UPDATED, UNCHANGED }

    public record Upserted(PriceItem item, Outcome outcome) {
    }

    private final PriceRepository prices;
    private final ProductRepository products;
    private final UnitGroupRepository groups;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    PriceService(PriceRepository prices, ProductRepository products, UnitGroupRepository groups, OutboxWriter outbox,
                 TransactionalOperator tx) {
        this.prices = prices;
        this.products = products;
        this.groups = groups;
        this.outbox = outbox;
        this.tx = tx;
    }

    // ---- price lists -----------------------------------------------------------------------------

    Mono<PriceList> createList(String name, String currencyCode, LocalDate validFrom, LocalDate validTo, String actor) {
        Currency currency;
        try {
            currency = Money.currency(currencyCode);
        } catch (IllegalArgumentException e) {
            return Mono.error(new InvalidRequestException("currency", e.getMessage()));
        }
        if (validFrom != null && validTo != null && validTo.isBefore(validFrom)) {
            return Mono.error(new InvalidRequestException("validTo", "must not be before validFrom"));
        }
        PriceList list = new PriceList(Ids.newId(), name, currency, validFrom, validTo, 1, now());
        return prices.insert(list).then(outbox.append(PriceEvents.priceListUpserted(list, actor))).thenReturn(list)
                .as(tx::transactional);
    }

    Mono<PriceList> list(UUID id) {
        return prices.findList(id).switchIfEmpty(Mono.error(new NotFoundException("price list", id)));
    }

    Mono<Page<PriceList>> lists(PageRequest page) {
        return prices.findListPage(page).collectList().map(rows -> Page.of(rows, page, l -> Cursor.of(l.id())));
    }

    // ---- items -----------------------------------------------------------------------------------

    Mono<PriceItem> addItem(UUID listId, ItemSpec spec, String actor) {
        return list(listId)
                .flatMap(list -> productFor(spec.productId(), "productId")
                        .flatMap(product -> upsertInTransaction(list, product, spec, true, actor, "")))
                .map(Upserted::item)
                .as(tx::transactional);
    }

    Mono<PriceItem> item(UUID listId, UUID itemId) {
        return prices.findItem(itemId).filter(item -> item.priceListId().equals(listId))
                .switchIfEmpty(Mono.error(new NotFoundException("price list item", itemId)));
    }

    Mono<Page<PriceItem>> items(UUID listId, UUID productId, PageRequest page) {
        return list(listId).flatMap(list -> prices.findItemPage(listId, productId, page).collectList())
                .map(rows -> Page.of(rows, page, i -> Cursor.of(i.id())));
    }

    /** Redefines an item ({@code change} builds the new spec from the current one). */
    Mono<PriceItem> updateItem(UUID listId, UUID itemId, String ifMatch,
                               java.util.function.Function<PriceItem, ItemSpec> change, String actor) {
        return item(listId, itemId)
                .flatMap(item -> {
                    ETags.requireMatch(ifMatch, item.version());
                    ItemSpec spec = change.apply(item);
                    return Mono.zip(list(listId), productFor(item.productId(), "productId"))
                            .flatMap(t -> upsertInTransaction(t.getT1(), t.getT2(), spec, false, actor, ""));
                })
                .map(Upserted::item)
                .as(tx::transactional);
    }

    /** Removes a price: a tombstone on the compacted topic. A price other prices are based on stays. */
    Mono<Void> deleteItem(UUID listId, UUID itemId, String ifMatch, String actor) {
        return item(listId, itemId)
                .flatMap(item -> {
                    ETags.requireMatch(ifMatch, item.version());
                    return prices.findDerived(item.priceListId(), item.productId(), item.unitId()).count()
                            .flatMap(derived -> derived > 0
                                    ? Mono.error(new ResponseStatusException(HttpStatus.CONFLICT, "the price is the base of "
                                    + derived + " price(s) on other lists; remove or re-price those first"))
                                    : Mono.zip(products.findById(item.productId()), unitOf(item.unitId())))
                            .flatMap(t -> prices.delete(item).then(outbox.append(
                                    PriceEvents.priceRemoved(item, t.getT1().sku(), t.getT2().quantity(), now(), actor))));
                })
                .then()
                .as(tx::transactional);
    }

    /** Prices a line with the pricing function, exactly as a price replica does. */
    Mono<LinePrice> priceLine(UUID listId, UUID productId, UUID unitId, BigDecimal quantity) {
        return list(listId)
                .then(prices.findItemByKey(listId, productId, unitId))
                .switchIfEmpty(Mono.error(new NotFoundException("price", listId + ":" + productId + ":" + unitId)))
                .zipWith(unitOf(unitId))
                .map(t -> {
                    try {
                        return Pricing.priceLine(t.getT1().price(), t.getT2().quantity(), t.getT1().discount(), quantity);
                    } catch (PricingException e) {
                        throw new InvalidRequestException(e.field(), e.reason());
                    }
                });
    }

    /**
     * Creates or redefines the price of a product in a unit on a list, publishes it when it changed
     * and recomputes the prices based on it. Runs in the caller's transaction; {@code fieldPrefix}
     * places the fields of a rejection (e.g. {@code prices[2].}).
     */
    public Mono<Upserted> upsertInTransaction(PriceList list, Product product, ItemSpec spec, boolean createOnly,
                                              String actor, String fieldPrefix) {
        try {
            product.requirePriceable();
        } catch (IllegalProductTransition e) {
            return Mono.error(fieldPrefix.isEmpty() ? ProductService.illegal(product.id(), e)
                    : new InvalidRequestException(fieldPrefix + "sku", "product " + product.sku() + " is " + e.current()
                    + " and cannot be priced"));
        }
        return groups.findById(product.unitGroupId())
                .flatMap(group -> {
                    Unit unit = group.unit(spec.unitId()).orElseThrow(() -> new InvalidRequestException(
                            fieldPrefix + "unitId", "is not a unit of the product's unit group " + group.name()));
                    try {
                        spec.definition().requireFits(list.currency());
                    } catch (PricingException e) {
                        throw new InvalidRequestException(fieldPrefix + e.field(), e.reason());
                    }
                    return basePrice(list, spec, fieldPrefix)
                            .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                            .flatMap(base -> prices.findItemForUpdate(list.id(), product.id(), unit.id())
                                    .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                                    .flatMap(existing -> write(list, product, unit, spec, base.orElse(null),
                                            existing.orElse(null), createOnly, actor, fieldPrefix)));
                });
    }

    private Mono<Upserted> write(PriceList list, Product product, Unit unit, ItemSpec spec, Money basePrice,
                                 PriceItem existing, boolean createOnly, String actor, String fieldPrefix) {
        PriceItem next;
        try {
            if (existing == null) {
                next = PriceItem.create(Ids.newId(), list.id(), product.id(), unit.id(), list.currency(), spec.definition(),
                        spec.basePriceListId(), spec.discount(), basePrice, now());
            } else if (createOnly) {
                return Mono.error(new ResponseStatusException(HttpStatus.CONFLICT, "product " + product.sku()
                        + " already has a price in unit " + unit.name() + " on this list; change that item instead"));
            } else {
                next = existing.redefine(spec.definition(), spec.basePriceListId(), spec.discount(), basePrice, now());
            }
        } catch (PricingException e) {
            return Mono.error(new InvalidRequestException(fieldPrefix + e.field(), e.reason()));
        }
        if (next == existing) {
            return Mono.just(new Upserted(existing, Outcome.UNCHANGED));
        }
        Mono<Void> store = existing == null ? prices.insert(next) : prices.update(next, existing.version());
        Mono<Void> guardChain = spec.definition().method() == PricingMethod.PERCENT_OF_LIST
                ? prices.findDerived(list.id(), product.id(), unit.id()).hasElements().flatMap(has -> has
                        ? Mono.error(new InvalidRequestException(fieldPrefix + "pricingMethod",
                                "other lists' prices are a percentage of this price, so it must be a currency amount"))
                        : Mono.<Void>empty())
                : Mono.empty();
        return guardChain
                .then(store)
                .then(outbox.append(PriceEvents.priceUpserted(next, product.sku(), unit.quantity(), actor)))
                .then(rebaseDerived(next, product, unit, actor))
                .thenReturn(new Upserted(next, existing == null ? Outcome.CREATED : Outcome.UPDATED));
    }

    /** The prices that are a percentage of this one follow it, in the same transaction. */
    private Mono<Void> rebaseDerived(PriceItem base, Product product, Unit unit, String actor) {
        return prices.findDerived(base.priceListId(), base.productId(), base.unitId())
                .concatMap(derived -> {
                    PriceItem next = derived.rebase(base.price(), now());
                    if (next == derived) {
                        return Mono.<Void>empty();
                    }
                    return prices.update(next, derived.version())
                            .then(outbox.append(PriceEvents.priceUpserted(next, product.sku(), unit.quantity(), actor)));
                })
                .then();
    }

    /** For PERCENT_OF_LIST: the base list's currency-amount price of the same product and unit. */
    private Mono<Money> basePrice(PriceList list, ItemSpec spec, String fieldPrefix) {
        if (spec.definition().method() != PricingMethod.PERCENT_OF_LIST) {
            if (spec.basePriceListId() != null) {
                return Mono.error(new InvalidRequestException(fieldPrefix + "basePriceListId",
                        "only with pricing method PERCENT_OF_LIST"));
            }
            return Mono.empty();
        }
        String field = fieldPrefix + "basePriceListId";
        if (spec.basePriceListId() == null) {
            return Mono.error(new InvalidRequestException(field, "is required for pricing method PERCENT_OF_LIST"));
        }
        if (spec.basePriceListId().equals(list.id())) {
            return Mono.error(new InvalidRequestException(field, "must be another price list"));
        }
        return prices.findList(spec.basePriceListId())
                .switchIfEmpty(Mono.error(new InvalidRequestException(field, "no such price list")))
                .flatMap(base -> {
                    if (!base.currency().equals(list.currency())) {
                        return Mono.error(new InvalidRequestException(field, "is in " + base.currency().getCurrencyCode()
                                + ", this list in " + list.currency().getCurrencyCode() + " (no exchange rates)"));
                    }
                    return prices.findItemForUpdate(base.id(), spec.productId(), spec.unitId())
                            .switchIfEmpty(Mono.error(new InvalidRequestException(field,
                                    "has no price for this product and unit")))
                            .flatMap(item -> item.definition().method() == PricingMethod.CURRENCY_AMOUNT
                                    ? Mono.just(item.price())
                                    : Mono.error(new InvalidRequestException(field,
                                            "its price for this product and unit is itself a percentage; base on a currency amount")));
                });
    }

    public Mono<Product> productFor(UUID productId, String field) {
        if (productId == null) {
            return Mono.error(new InvalidRequestException(field, "is required"));
        }
        return products.findById(productId).switchIfEmpty(Mono.error(new InvalidRequestException(field, "no such product")));
    }

    private Mono<Unit> unitOf(UUID unitId) {
        return groups.findByUnit(unitId).flatMap(g -> Mono.justOrEmpty(g.unit(unitId)))
                .switchIfEmpty(Mono.error(new NotFoundException("unit", unitId)));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

}
