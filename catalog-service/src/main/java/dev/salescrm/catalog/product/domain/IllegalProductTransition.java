package dev.salescrm.catalog.product.domain;

/** An action the product's status does not allow (see {@link ProductAction}). */
public class IllegalProductTransition extends RuntimeException {

    private final ProductStatus current;
    private final ProductAction action;

    public IllegalProductTransition(ProductStatus current, ProductAction action) {
        super("cannot " + action.name().toLowerCase() + " a " + current + " product (allowed in " + action.allowedFrom() + ")");
        this.current = current;
        this.action = action;
    }

    public ProductStatus current() {
        return current;
    }

    public ProductAction action() {
        return action;
    }
}
