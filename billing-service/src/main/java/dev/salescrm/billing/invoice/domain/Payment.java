package dev.salescrm.billing.invoice.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import dev.salescrm.platform.money.Money;

/**
 * Money received against an invoice, recorded once and never changed.
 *
 * @param amount     what was paid, in the invoice's currency, above zero
 * @param paidAt     when the customer paid (as the caller says; defaults to when it was recorded)
 * @param reference  the bank's or the customer's reference, if any
 * @param recordedAt when billing recorded it
 * @param recordedBy who recorded it (token subject)
 */
public record Payment(UUID id, Money amount, Instant paidAt, String reference, Instant recordedAt, String recordedBy) {

    public static final int MAX_REFERENCE_LENGTH = 200;

    public Payment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(paidAt, "paidAt");
        Objects.requireNonNull(recordedAt, "recordedAt");
        if (reference != null && reference.isBlank()) {
            reference = null;
        }
        if (reference != null && reference.length() > MAX_REFERENCE_LENGTH) {
            throw new InvalidInvoiceRequest("reference", "must be at most " + MAX_REFERENCE_LENGTH + " characters");
        }
    }
}
