package dev.salescrm.catalog.product.domain;

import java.util.EnumSet;
import java.util.Set;

import static dev.salescrm.catalog.product.domain.ProductStatus.ACTIVE;
import static dev.salescrm.catalog.product.domain.ProductStatus.DRAFT;

/**
 * Everything that can happen to a product, with the statuses it may happen in: the product state
 * machine as one enumerable table. A retired product is read-only and cannot be priced again.
 */
public enum ProductAction {
    /** Change name, description or default unit (by hand or by an ERP sync). */
    UPDATE(DRAFT, ACTIVE),
    /** Make the product sellable. */
    ACTIVATE(DRAFT),
    /** Stop selling it; its prices stay on record. */
    RETIRE(ACTIVE),
    /** Add or change a price of the product on a price list. */
    PRICE(DRAFT, ACTIVE);

    private final Set<ProductStatus> allowedFrom;

    ProductAction(ProductStatus first, ProductStatus... more) {
        this.allowedFrom = EnumSet.of(first, more);
    }

    public Set<ProductStatus> allowedFrom() {
        return allowedFrom;
    }

    public boolean allowedIn(ProductStatus status) {
        return allowedFrom.contains(status);
    }
}
