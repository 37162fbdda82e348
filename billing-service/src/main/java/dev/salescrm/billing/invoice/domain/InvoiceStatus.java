package dev.salescrm.billing.invoice.domain;

/** Where an invoice is in its life (API.md: ISSUED, PAID, CANCELED); {@link InvoiceStatusTransitions} says what may follow what. */
public enum InvoiceStatus {
    /** Issued for a fulfilled order and (partly) unpaid; payments are recorded against it. */
    ISSUED,
    /** Its payments cover the total. Final. */
    PAID,
    /** Withdrawn before any payment was recorded, with a reason. Final; its number stays used. */
    CANCELED
}
