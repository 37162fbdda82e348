package dev.salescrm.billing.invoice.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An invoice's number, {@code INV-2026-000042}: the UTC calendar year of issue and a running number
 * that starts at 1 each year and has no gaps (tax authorities ask for that: a missing number is a
 * question). Six digits, more once a year passes 999 999 invoices. Which running number comes next
 * is the database's business (one counter row per year, taken in the invoice's transaction); this
 * is only the format.
 */
public record InvoiceNumber(int year, long sequence) {

    private static final Pattern FORMAT = Pattern.compile("INV-(\\d{4})-(\\d{6,})");

    public InvoiceNumber {
        if (year < 1 || year > 9999) {
            throw new IllegalArgumentException("year must have at most four digits: " + year);
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("an invoice's running number starts at 1: " + sequence);
        }
    }

    public static InvoiceNumber parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an invoice number: " + text);
        }
        return new InvoiceNumber(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
    }

    @Override
    public String toString() {
        return "INV-%04d-%06d".formatted(year, sequence);
    }
}
