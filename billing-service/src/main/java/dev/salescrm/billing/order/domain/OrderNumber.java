package dev.salescrm.billing.order.domain;

/**
 * The number people quote on the phone and print on paper: {@code ORD-2026-000042} — the year the
 * order was created and a six-digit running number (more digits once it passes 999 999).
 *
 * <p>The running number comes from one database sequence and does not restart each year: order
 * numbers must be unique, not gapless (that is an invoice's rule), and a sequence is unique
 * without any locking.
 */
public final class OrderNumber {

    private OrderNumber() {
    }

    public static String format(int year, long sequence) {
        if (year < 1 || year > 9999) {
            throw new IllegalArgumentException("year must have at most four digits: " + year);
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("an order sequence number starts at 1: " + sequence);
        }
        return "ORD-%04d-%06d".formatted(year, sequence);
    }
}
