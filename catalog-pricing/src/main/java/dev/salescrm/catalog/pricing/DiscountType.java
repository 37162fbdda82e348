package dev.salescrm.catalog.pricing;

/** What a discount band's value means. */
public enum DiscountType {
    /** A percentage of the line's gross amount (0–100). */
    PERCENTAGE,
    /** An amount off each unit, in the price list's currency. */
    AMOUNT
}
