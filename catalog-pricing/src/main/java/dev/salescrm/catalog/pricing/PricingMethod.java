package dev.salescrm.catalog.pricing;

/** How a price list item's price is set (Dynamics CRM's pricing methods that make sense here). */
public enum PricingMethod {
    /** A fixed amount in the price list's currency. */
    CURRENCY_AMOUNT,
    /** A percentage of another price list's price for the same product and unit (same currency). */
    PERCENT_OF_LIST
}
