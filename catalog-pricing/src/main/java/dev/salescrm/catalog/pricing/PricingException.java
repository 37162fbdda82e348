package dev.salescrm.catalog.pricing;

/**
 * Price data or a pricing request that cannot be priced, naming the offending field (e.g.
 * {@code rounding.multiple}, {@code discount.bands[1].fromQuantity}) so an adapter can turn it
 * into a 400 with that field.
 */
public class PricingException extends IllegalArgumentException {

    private final String field;

    public PricingException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public String reason() {
        String message = getMessage();
        return message.substring(field.length() + 2);
    }

    /** The same problem, its field inside a parent (e.g. {@code prices[3]} + {@code amount}). */
    public PricingException within(String parent) {
        return new PricingException(parent + "." + field, reason());
    }
}
