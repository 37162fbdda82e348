package dev.salescrm.catalog.pricing;

/** How a computed list price is rounded to a multiple. */
public enum RoundingPolicy {
    /** Only the currency's minor units (half-even), like every amount of money. */
    NONE,
    /** Up to the next multiple (ceiling); a price already on a multiple stays. */
    UP,
    /** Down to the previous multiple (floor); a price already on a multiple stays. */
    DOWN,
    /** To the nearest multiple; exactly half-way goes up. */
    NEAREST
}
