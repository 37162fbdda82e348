package dev.salescrm.billing.invoice.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.salescrm.billing.order.domain.Order;
import dev.salescrm.billing.order.domain.OrderLine;
import dev.salescrm.billing.order.domain.OrderStatus;
import dev.salescrm.billing.order.domain.OrderTotals;
import dev.salescrm.platform.money.Money;

/**
 * An invoice: what a fulfilled order is billed for, with the order's lines and totals copied at
 * issue (the invoice is a document of its own; it does not follow the order), a gapless number per
 * year, a due date, and the payments recorded against it. Immutable; every change returns the next
 * version (+1).
 *
 * @param number           {@code INV-<year>-<running number>} ({@link InvoiceNumber})
 * @param ownerId          the deal's owner, copied from the order: a sales rep sees the invoices of their own deals
 * @param issuedAt         when it was issued (UTC); its year is the number's
 * @param dueDate          the UTC date of issue plus the payment terms
 * @param paymentTermsDays days the customer has to pay
 * @param payments         in the order recorded; their sum is {@link #amountPaid()}, never above the total
 * @param paidAt           when the payment that completed it was made; set only when PAID
 * @param cancelReason     why it was canceled; set only when CANCELED
 * @param issuedBy         who issued it (token subject)
 */
public record Invoice(UUID id, InvoiceNumber number, UUID orderId, String orderNumber, UUID accountId, String ownerId,
                      Currency currency, List<OrderLine> lines, OrderTotals totals, InvoiceStatus status,
                      Instant issuedAt, LocalDate dueDate, int paymentTermsDays, List<Payment> payments,
                      Instant paidAt, String cancelReason, Instant canceledAt, long version, String issuedBy,
                      Instant updatedAt) {

    public static final int DEFAULT_PAYMENT_TERMS_DAYS = 30;
    /** A year of credit is the most billing grants on an invoice. */
    public static final int MAX_PAYMENT_TERMS_DAYS = 365;
    public static final int MAX_REASON_LENGTH = 1000;

    public Invoice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(dueDate, "dueDate");
        Objects.requireNonNull(updatedAt, "updatedAt");
        lines = List.copyOf(lines);
        payments = List.copyOf(payments);
        if (number.year() != issuedAt.atZone(ZoneOffset.UTC).getYear()) {
            throw new IllegalArgumentException("invoice " + number + " was issued in another year: " + issuedAt);
        }
        if (totals.totalAmount().isNegative()) {
            throw new IllegalArgumentException("an invoice's total cannot be negative: " + totals.totalAmount());
        }
        Money paid = Money.zero(currency);
        for (Payment payment : payments) {
            paid = paid.plus(payment.amount());
        }
        if (paid.isGreaterThan(totals.totalAmount())) {
            throw new IllegalArgumentException("invoice " + number + " has payments of " + paid + " over its total "
                    + totals.totalAmount());
        }
    }

    /**
     * The invoice of an order that has just become INVOICED: its lines and totals as they are now,
     * due {@code paymentTermsDays} after the UTC date of issue, ISSUED at version 1 — or PAID at once
     * when the order comes to zero (there is nothing to pay, and no payment could be recorded).
     *
     * @throws InvalidInvoiceRequest naming {@code paymentTermsDays} outside 0 … {@value #MAX_PAYMENT_TERMS_DAYS}
     */
    public static Invoice issue(UUID id, InvoiceNumber number, Order order, int paymentTermsDays, Instant now,
                                String issuedBy) {
        if (order.status() != OrderStatus.INVOICED) {
            throw new IllegalArgumentException("the order is marked INVOICED in the invoice's transaction first, not "
                    + order.status());
        }
        requireTerms(paymentTermsDays);
        LocalDate dueDate = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(paymentTermsDays);
        boolean nothingToPay = order.totals().totalAmount().isZero();
        return new Invoice(id, number, order.id(), order.orderNumber(), order.accountId(), order.ownerId(),
                order.currency(), order.lines(), order.totals(), nothingToPay ? InvoiceStatus.PAID : InvoiceStatus.ISSUED,
                now, dueDate, paymentTermsDays, List.of(), nothingToPay ? now : null, null, null, 1, issuedBy, now);
    }

    public static void requireTerms(int paymentTermsDays) {
        if (paymentTermsDays < 0 || paymentTermsDays > MAX_PAYMENT_TERMS_DAYS) {
            throw new InvalidInvoiceRequest("paymentTermsDays", "must be between 0 and " + MAX_PAYMENT_TERMS_DAYS);
        }
    }

    /** The sum of the payments, exact. */
    public Money amountPaid() {
        Money paid = Money.zero(currency);
        for (Payment payment : payments) {
            paid = paid.plus(payment.amount());
        }
        return paid;
    }

    /** What is still owed: the total less the payments. */
    public Money balance() {
        return totals.totalAmount().minus(amountPaid());
    }

    /**
     * Records a payment: ISSUED stays ISSUED while something is owed and becomes PAID when the
     * payments reach the total, exactly, to the currency's minor unit.
     *
     * @throws InvalidInvoiceRequest    naming {@code amount.amount} (not above zero) or
     *                                  {@code amount.currency} (not the invoice's)
     * @throws IllegalInvoiceTransition when the invoice is PAID or CANCELED
     * @throws Overpayment              when the payment is more than the balance
     */
    public Invoice recordPayment(Payment payment, Instant now) {
        Money amount = payment.amount();
        if (!amount.currency().equals(currency)) {
            throw new InvalidInvoiceRequest("amount.currency", "must be " + currency.getCurrencyCode()
                    + ", the currency of invoice " + number + "; it was " + amount.currency().getCurrencyCode());
        }
        if (amount.isNegative() || amount.isZero()) {
            throw new InvalidInvoiceRequest("amount.amount", "must be greater than zero");
        }
        if (status != InvoiceStatus.ISSUED) {
            throw new IllegalInvoiceTransition(InvoiceAction.PAY, status, "cannot record a payment on invoice " + number
                    + " in status " + status);
        }
        Money balance = balance();
        if (amount.isGreaterThan(balance)) {
            throw new Overpayment(number.toString(), amount, balance);
        }
        List<Payment> recorded = new ArrayList<>(payments);
        recorded.add(payment);
        boolean paidInFull = amount.equals(balance);
        return new Invoice(id, number, orderId, orderNumber, accountId, ownerId, currency, lines, totals,
                paidInFull ? InvoiceStatus.PAID : InvoiceStatus.ISSUED, issuedAt, dueDate, paymentTermsDays, recorded,
                paidInFull ? payment.paidAt() : null, null, null, version + 1, issuedBy, now);
    }

    /**
     * ISSUED → CANCELED, with the reason — only while no payment is recorded: money received against
     * an invoice is refunded or credited, which billing does not do (yet), not canceled away. The
     * number stays used (a canceled invoice is still in the year's sequence). The order stays
     * INVOICED.
     *
     * @throws InvalidInvoiceRequest    naming {@code reason} when it is blank or too long
     * @throws IllegalInvoiceTransition when it is not ISSUED, or has payments
     */
    public Invoice cancel(String reason, Instant now) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInvoiceRequest("reason", "is required: say why the invoice is canceled");
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            throw new InvalidInvoiceRequest("reason", "must be at most " + MAX_REASON_LENGTH + " characters");
        }
        if (!InvoiceStatusTransitions.allows(status, InvoiceStatus.CANCELED)) {
            throw new IllegalInvoiceTransition(InvoiceAction.CANCEL, status, "cannot cancel invoice " + number
                    + " in status " + status);
        }
        if (!payments.isEmpty()) {
            throw new IllegalInvoiceTransition(InvoiceAction.CANCEL, status, "cannot cancel invoice " + number
                    + ": payments of " + amountPaid() + " are recorded against it");
        }
        return new Invoice(id, number, orderId, orderNumber, accountId, ownerId, currency, lines, totals,
                InvoiceStatus.CANCELED, issuedAt, dueDate, paymentTermsDays, payments, null, reason.strip(), now,
                version + 1, issuedBy, now);
    }
}
