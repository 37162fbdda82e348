package dev.salescrm.catalog.product.domain;

/** A product's lifecycle: DRAFT → ACTIVE → RETIRED. Only ACTIVE products go onto a new quote line. */
public enum ProductStatus {
    DRAFT, ACTIVE, RETIRED
}
