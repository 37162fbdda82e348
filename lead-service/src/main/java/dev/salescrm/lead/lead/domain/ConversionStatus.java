package dev.salescrm.lead.lead.domain;

/** PENDING while the other services create the records; COMPLETED when all are confirmed; FAILED when rejected. */
public enum ConversionStatus {
    PENDING,
    COMPLETED,
    FAILED
}
