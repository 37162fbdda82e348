package dev.salescrm.catalog.product;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

import dev.salescrm.catalog.product.domain.IllegalProductTransition;
import dev.salescrm.catalog.product.domain.Product;
import dev.salescrm.catalog.product.domain.ProductStatus;
import dev.salescrm.catalog.product.domain.Unit;
import dev.salescrm.catalog.product.domain.UnitGroup;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.outbox.OutboxEvent;
import dev.salescrm.platform.outbox.OutboxWriter;
import dev.salescrm.platform.web.ConcurrentUpdateException;
import dev.salescrm.platform.web.Cursor;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.IllegalTransitionException;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.NotFoundException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * Unit groups and products. Each use case stores its change and its event in one transaction;
 * the {@code *InTransaction} methods are the same steps for a caller that holds a transaction of
 * its own (the ERP sync, all-or-nothing).
 */
@Service
public class ProductService {

    private final ProductRepository products;
    private final UnitGroupRepository groups;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    ProductService(ProductRepository products, UnitGroupRepository groups, OutboxWriter outbox, TransactionalOperator tx) {
        this.products = products;
        this.groups = groups;
        this.outbox = outbox;
        this.tx = tx;
    }

    // ---- unit groups -----------------------------------------------------------------------------

    public record NewUnit(String name, BigDecimal quantity) {
    }

    /** A group with its base unit (quantity 1) and any multiples. */
    Mono<UnitGroup> createUnitGroup(String name, String baseUnitName, List<NewUnit> multiples) {
        UUID groupId = Ids.newId();
        UUID baseId = Ids.newId();
        List<Unit> units = new ArrayList<>();
        units.add(new Unit(baseId, groupId, baseUnitName, BigDecimal.ONE));
        for (int i = 0; i < multiples.size(); i++) {
            NewUnit u = multiples.get(i);
            requireUnitName(units, u.name(), "units[" + i + "].name");
            units.add(new Unit(Ids.newId(), groupId, u.name(), u.quantity().stripTrailingZeros()));
        }
        UnitGroup group = new UnitGroup(groupId, name, baseId, units, 1, now());
        return groups.insert(group).then(groups.findById(groupId)).as(tx::transactional);
    }

    Mono<UnitGroup> addUnit(UUID groupId, String ifMatch, NewUnit unit) {
        return unitGroup(groupId)
                .flatMap(group -> {
                    ETags.requireMatch(ifMatch, group.version());
                    requireUnitName(group.units(), unit.name(), "name");
                    return groups.touch(groupId, group.version(), now())
                            .flatMap(ok -> ok ? groups.insertUnit(new Unit(Ids.newId(), groupId, unit.name(),
                                    unit.quantity().stripTrailingZeros()))
                                    : Mono.error(new ConcurrentUpdateException("unit group", groupId)));
                })
                .then(groups.findById(groupId))
                .as(tx::transactional);
    }

    Mono<UnitGroup> unitGroup(UUID id) {
        return groups.findById(id).switchIfEmpty(Mono.error(new NotFoundException("unit group", id)));
    }

    Mono<Page<UnitGroup>> unitGroups(PageRequest page) {
        return groups.findPage(page).collectList().map(rows -> Page.of(rows, page, g -> Cursor.of(g.id())));
    }

    private static void requireUnitName(List<Unit> existing, String name, String field) {
        if (existing.stream().anyMatch(u -> u.name().equalsIgnoreCase(name))) {
            throw new InvalidRequestException(field, "the unit group already has a unit named " + name);
        }
    }

    // ---- products --------------------------------------------------------------------------------

    public record ProductDetails(String sku, String name, String description, UUID unitGroupId, UUID defaultUnitId) {
    }

    Mono<Product> create(ProductDetails details, String actor) {
        return createInTransaction(details, ProductStatus.DRAFT, actor, "").as(tx::transactional);
    }

    /**
     * Validates and stores a new product with its event; {@code fieldPrefix} places the fields of
     * a rejection (e.g. {@code products[3].}).
     */
    public Mono<Product> createInTransaction(ProductDetails d, ProductStatus status, String actor, String fieldPrefix) {
        return products.findBySku(d.sku()).hasElement()
                .flatMap(exists -> exists
                        ? Mono.<UnitGroup>error(new ResponseStatusException(HttpStatus.CONFLICT,
                                "a product with SKU " + d.sku() + " already exists"))
                        : groupOf(d.unitGroupId(), fieldPrefix + "unitGroupId"))
                .flatMap(group -> {
                    requireUnitIn(group, d.defaultUnitId(), fieldPrefix + "defaultUnitId");
                    Product product = Product.create(Ids.newId(), d.sku(), d.name(), d.description(), group,
                            d.defaultUnitId(), status, now());
                    return products.insert(product)
                            .then(outbox.append(ProductEvents.upserted(product, actor)))
                            .thenReturn(product);
                });
    }

    /** New details for an existing product: stored and announced only when something changed. */
    public Mono<Product> updateInTransaction(Product product, String name, String description, UUID defaultUnitId,
                                             String actor, String fieldPrefix) {
        return groupOf(product.unitGroupId(), fieldPrefix + "unitGroupId").flatMap(group -> {
            Product next;
            try {
                if (!group.contains(defaultUnitId)) {
                    throw new InvalidRequestException(fieldPrefix + "defaultUnitId",
                            "is not a unit of the product's unit group " + group.name());
                }
                next = product.update(name, description, group, defaultUnitId, now());
            } catch (IllegalProductTransition e) {
                return Mono.error(illegal(product.id(), e));
            }
            if (next == product) {
                return Mono.just(product);
            }
            return products.update(next, product.version())
                    .then(outbox.append(ProductEvents.upserted(next, actor)))
                    .thenReturn(next);
        });
    }

    Mono<Product> get(UUID id) {
        return products.findById(id).switchIfEmpty(Mono.error(new NotFoundException("product", id)));
    }

    Mono<Page<Product>> list(ProductStatus status, String sku, PageRequest page) {
        return products.findPage(status, sku, page).collectList().map(rows -> Page.of(rows, page, p -> Cursor.of(p.id())));
    }

    Mono<Product> update(UUID id, String ifMatch, ProductChanges changes, String actor) {
        return get(id)
                .flatMap(product -> {
                    ETags.requireMatch(ifMatch, product.version());
                    return updateInTransaction(product, changes.name(product), changes.description(product),
                            changes.defaultUnitId(product), actor, "");
                })
                .as(tx::transactional);
    }

    Mono<Product> activate(UUID id, String ifMatch, String actor) {
        return transition(id, ifMatch, p -> p.activate(now()), next -> ProductEvents.upserted(next, actor));
    }

    Mono<Product> retire(UUID id, String ifMatch, String actor) {
        return transition(id, ifMatch, p -> p.retire(now()), next -> ProductEvents.retired(next, actor));
    }

    private Mono<Product> transition(UUID id, String ifMatch, Function<Product, Product> step,
                                     Function<Product, OutboxEvent> event) {
        return get(id)
                .flatMap(product -> {
                    ETags.requireMatch(ifMatch, product.version());
                    Product next;
                    try {
                        next = step.apply(product);
                    } catch (IllegalProductTransition e) {
                        return Mono.error(illegal(id, e));
                    }
                    return products.update(next, product.version()).then(outbox.append(event.apply(next))).thenReturn(next);
                })
                .as(tx::transactional);
    }

    public static IllegalTransitionException illegal(UUID id, IllegalProductTransition e) {
        return new IllegalTransitionException("product", id, e.current().name(), e.action().name().toLowerCase(),
                e.getMessage());
    }

    private Mono<UnitGroup> groupOf(UUID groupId, String field) {
        if (groupId == null) {
            return Mono.error(new InvalidRequestException(field, "is required"));
        }
        return groups.findById(groupId).switchIfEmpty(Mono.error(new InvalidRequestException(field, "no such unit group")));
    }

    private static void requireUnitIn(UnitGroup group, UUID unitId, String field) {
        if (unitId == null) {
            throw new InvalidRequestException(field, "is required");
        }
        if (!group.contains(unitId)) {
            throw new InvalidRequestException(field, "is not a unit of the unit group " + group.name());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
