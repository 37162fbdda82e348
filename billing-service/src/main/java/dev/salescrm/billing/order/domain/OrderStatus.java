package dev.salescrm.billing.order.domain;

/**
 * Where an order is in its life (API.md, billing-service). An order is created ACTIVE from an
 * accepted quote; which status may follow which is {@link OrderStatusTransitions}' call.
 */
public enum OrderStatus {
    /** Created from an accepted quote; can still be changed or canceled. */
    ACTIVE,
    /** Handed to fulfilment (the ERP, the warehouse). */
    SUBMITTED,
    /** Delivered. */
    FULFILLED,
    /** An invoice was issued for it; nothing more happens to the order itself. */
    INVOICED,
    /** Called off before it was invoiced. */
    CANCELED
}
