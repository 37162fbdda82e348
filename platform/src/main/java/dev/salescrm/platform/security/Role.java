package dev.salescrm.platform.security;

/**
 * The roles a token can carry in its {@code roles} claim (docs/security.md). What each may do is
 * decided per service, in its {@link AccessRules} and its object-level checks.
 */
public enum Role {
    SALES_REP,
    SALES_MANAGER,
    MARKETING,
    BILLING,
    CATALOG_ADMIN,
    ADMIN,
    /** A machine reader (reporting): may read, never write. */
    ANALYTICS
}
