package dev.salescrm.billing.invoice;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.salescrm.billing.Transactions;
import dev.salescrm.billing.invoice.domain.InvoiceNumber;

/**
 * Hands out invoice numbers, unique and gapless per UTC calendar year, across threads and service
 * replicas: one counter row per year ({@code invoice_counter}), incremented in the transaction that
 * inserts the invoice.
 *
 * <ul>
 *   <li><b>No duplicate:</b> the increment takes the year's row lock; a second invoicer (in this
 *       process or another replica) waits until the first commits or rolls back, then increments
 *       what that left. The first invoice of a year inserts the row; two racing to do so are
 *       resolved by {@code ON CONFLICT}, the loser waiting on the winner's row.</li>
 *   <li><b>No gap:</b> the increment is part of the invoice's transaction, so it commits exactly
 *       when the invoice does; a failure anywhere after the number was taken rolls the counter
 *       back, and the next invoice gets the same number. A sequence could not do that.</li>
 * </ul>
 *
 * The price is that invoicing is serialised per year from the increment to the commit, so the
 * invoicing transaction takes its number as its last lock (after the order's) and does little after.
 */
@Component
class InvoiceNumbering {

    private final DatabaseClient db;

    InvoiceNumbering(DatabaseClient db) {
        this.db = db;
    }

    /**
     * The next number of {@code year}. Only inside the invoice's transaction: outside one the
     * increment would commit on its own, and an invoice that then failed would leave a gap.
     */
    Mono<InvoiceNumber> next(int year) {
        return Transactions.require("taking an invoice number")
                .then(db.sql("""
                                INSERT INTO invoice_counter (year, last) VALUES (:year, 1)
                                ON CONFLICT (year) DO UPDATE SET last = invoice_counter.last + 1
                                RETURNING last
                                """)
                        .bind("year", year)
                        .map(row -> row.get("last", Long.class))
                        .one())
                .map(last -> new InvoiceNumber(year, last));
    }
}
