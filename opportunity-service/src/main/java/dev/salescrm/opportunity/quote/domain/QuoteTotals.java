package dev.salescrm.opportunity.quote.domain;

import java.util.Currency;
import java.util.List;

import dev.salescrm.platform.money.Money;

/**
 * The totals of a quote, recomputed from its lines on every change: {@code detailAmount} is the sum
 * of the lines' extended amounts, {@code discountAmount} the quote-level discount, and
 * {@code totalAmount = detailAmount − discountAmount}. Each line amount is already rounded to the
 * currency's minor units, so the sums are exact (no second rounding).
 */
public record QuoteTotals(Money detailAmount, Money discountAmount, Money totalAmount) {

    public static QuoteTotals of(Currency currency, List<QuoteLine> lines, Money discount) {
        Money detail = Money.zero(currency);
        for (QuoteLine line : lines) {
            detail = detail.plus(line.extendedAmount());
        }
        return new QuoteTotals(detail, discount, detail.minus(discount));
    }
}
