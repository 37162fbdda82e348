package dev.salescrm.billing.order.domain;

/**
 * Where an order is in its life (API.md, billing-service). An order is created ACTIVE from an
 * accepted quote; which status may follow which is {@link OrderStatusTransitions}' call.
 */
public enum OrderStatus {
    /** Created from an accepted quote; the only status in which its lines can be changed. */
    ACTIVE,
    /** Handed to fulfilment (the ERP, the warehouse). */
    SUBMITTED,
    /** Delivered. */
    FULFILLED,
    /** Its invoice was issued (only a fulfilled order is invoiced); nothing more happens to the order itself. */
    INVOICED,
    /** Called off before it was fulfilled, with a reason. */
    CANCELED
}
