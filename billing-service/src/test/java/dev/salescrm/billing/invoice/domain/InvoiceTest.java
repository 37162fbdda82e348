package dev.salescrm.billing.invoice.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.salescrm.billing.order.domain.Order;
import dev.salescrm.billing.order.domain.OrderLine;
import dev.salescrm.billing.order.domain.OrderStatus;
import dev.salescrm.billing.order.domain.OrderTotals;
import dev.salescrm.platform.money.Money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The invoice in plain Java: its status table, its number, what it copies from the order, payments and cancellation. */
class InvoiceTest {

    static final Instant ISSUED_AT = Instant.parse("2026-12-31T23:59:59.999999Z");
    static final Instant LATER = Instant.parse("2027-01-10T08:00:00Z");

    @Test
    void theTransitionTableIsIssuedToPaidOrCanceled() {
        assertThat(InvoiceStatusTransitions.all()).containsExactlyInAnyOrder(
                new InvoiceStatusTransitions.Transition(InvoiceStatus.ISSUED, InvoiceStatus.PAID),
                new InvoiceStatusTransitions.Transition(InvoiceStatus.ISSUED, InvoiceStatus.CANCELED));
        int illegal = 0;
        for (InvoiceStatus from : InvoiceStatus.values()) {
            for (InvoiceStatus to : InvoiceStatus.values()) {
                boolean listed = InvoiceStatusTransitions.all().contains(new InvoiceStatusTransitions.Transition(from, to));
                assertThat(InvoiceStatusTransitions.allows(from, to)).as(from + "->" + to).isEqualTo(listed);
                illegal += listed ? 0 : 1;
            }
        }
        assertThat(illegal).isEqualTo(9 - 2);
    }

    @Test
    void anInvoiceNumberIsTheYearAndASixDigitRunningNumber() {
        assertThat(new InvoiceNumber(2026, 42)).hasToString("INV-2026-000042");
        assertThat(new InvoiceNumber(2027, 1_000_000)).hasToString("INV-2027-1000000");
        assertThat(InvoiceNumber.parse("INV-2026-000042")).isEqualTo(new InvoiceNumber(2026, 42));
        assertThat(InvoiceNumber.parse("INV-2027-1000000")).isEqualTo(new InvoiceNumber(2027, 1_000_000));
        assertThatThrownBy(() -> new InvoiceNumber(2026, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InvoiceNumber.parse("ORD-2026-000042")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anInvoiceCopiesTheInvoicedOrderAndIsDueAfterItsTerms() {
        Order order = invoicedOrder("1250.00", "USD");
        Invoice invoice = Invoice.issue(UUID.randomUUID(), new InvoiceNumber(2026, 7), order, 30, ISSUED_AT, "bill");

        assertThat(invoice.status()).isEqualTo(InvoiceStatus.ISSUED);
        assertThat(invoice.version()).isEqualTo(1);
        assertThat(invoice.orderId()).isEqualTo(order.id());
        assertThat(invoice.orderNumber()).isEqualTo(order.orderNumber());
        assertThat(invoice.accountId()).isEqualTo(order.accountId());
        assertThat(invoice.ownerId()).isEqualTo("alice");
        assertThat(invoice.lines()).isEqualTo(order.lines());
        assertThat(invoice.totals()).isEqualTo(order.totals());
        assertThat(invoice.amountPaid()).isEqualTo(Money.zero("USD"));
        assertThat(invoice.balance()).isEqualTo(Money.of("1250.00", "USD"));
        // Issued on the last microsecond of 2026 (UTC): due 30 days after 31 December.
        assertThat(invoice.dueDate()).isEqualTo(LocalDate.parse("2027-01-30"));
        assertThat(Invoice.issue(UUID.randomUUID(), new InvoiceNumber(2026, 8), order, 0, ISSUED_AT, "bill").dueDate())
                .isEqualTo(LocalDate.parse("2026-12-31"));
        assertThat(invoice.issuedBy()).isEqualTo("bill");
    }

    @Test
    void theNumbersYearIsTheYearOfIssueAndTheTermsAreBounded() {
        Order order = invoicedOrder("1250.00", "USD");
        assertThatThrownBy(() -> Invoice.issue(UUID.randomUUID(), new InvoiceNumber(2027, 1), order, 30, ISSUED_AT, "bill"))
                .isInstanceOf(IllegalArgumentException.class);
        for (int terms : new int[] {-1, 366}) {
            assertThatThrownBy(() -> Invoice.issue(UUID.randomUUID(), new InvoiceNumber(2026, 1), order, terms, ISSUED_AT,
                    "bill")).isInstanceOfSatisfying(InvalidInvoiceRequest.class,
                            e -> assertThat(e.field()).isEqualTo("paymentTermsDays"));
        }
        Order notInvoiced = order(OrderStatus.FULFILLED, "1.00", "USD");
        assertThatThrownBy(() -> Invoice.issue(UUID.randomUUID(), new InvoiceNumber(2026, 1), notInvoiced, 30, ISSUED_AT,
                "bill")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOrderThatComesToZeroIsPaidOnIssue() {
        Invoice free = Invoice.issue(UUID.randomUUID(), new InvoiceNumber(2026, 1), invoicedOrder("0.00", "USD"), 30,
                ISSUED_AT, "bill");
        assertThat(free.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(free.paidAt()).isEqualTo(ISSUED_AT);
        assertThat(free.balance().isZero()).isTrue();
    }

    @Test
    void partialPaymentsAreExactToTheMinorUnitUntilTheTotalIsReached() {
        // Rial in the tens of trillions: 17 significant digits, more than a double holds.
        Invoice rial = issued("98778432109876.54", "IRR");
        rial = rial.recordPayment(payment("50000000000000.01", "IRR"), LATER);
        rial = rial.recordPayment(payment("48778432109876.52", "IRR"), LATER);
        assertThat(rial.status()).isEqualTo(InvoiceStatus.ISSUED);
        assertThat(rial.amountPaid().amountString()).isEqualTo("98778432109876.53");
        assertThat(rial.balance().amountString()).isEqualTo("0.01");
        assertThat(rial.version()).isEqualTo(3);
        Payment last = payment("0.01", "IRR");
        rial = rial.recordPayment(last, LATER);
        assertThat(rial.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(rial.paidAt()).isEqualTo(last.paidAt());
        assertThat(rial.balance().amountString()).isEqualTo("0.00");
        assertThat(rial.payments()).hasSize(3);

        Invoice dinar = issued("445.000", "KWD").recordPayment(payment("100.125", "KWD"), LATER);
        assertThat(dinar.balance().amountString()).isEqualTo("344.875");
        assertThat(dinar.recordPayment(payment("344.875", "KWD"), LATER).status()).isEqualTo(InvoiceStatus.PAID);

        Invoice yen = issued("59400", "JPY").recordPayment(payment("1", "JPY"), LATER);
        assertThat(yen.balance().amountString()).isEqualTo("59399");
        assertThat(yen.recordPayment(payment("59399", "JPY"), LATER).status()).isEqualTo(InvoiceStatus.PAID);
    }

    @Test
    void aPaymentInAnotherCurrencyOfZeroOrOverTheBalanceIsRefused() {
        Invoice invoice = issued("445.000", "KWD").recordPayment(payment("400.000", "KWD"), LATER);
        assertThatThrownBy(() -> invoice.recordPayment(payment("1.00", "USD"), LATER))
                .isInstanceOfSatisfying(InvalidInvoiceRequest.class, e -> {
                    assertThat(e.field()).isEqualTo("amount.currency");
                    assertThat(e.getMessage()).contains("KWD");
                });
        for (String notPositive : new String[] {"0.000", "-1.000"}) {
            assertThatThrownBy(() -> invoice.recordPayment(payment(notPositive, "KWD"), LATER))
                    .isInstanceOfSatisfying(InvalidInvoiceRequest.class, e -> assertThat(e.field()).isEqualTo("amount.amount"));
        }
        assertThatThrownBy(() -> invoice.recordPayment(payment("45.001", "KWD"), LATER))
                .isInstanceOfSatisfying(Overpayment.class, e -> {
                    assertThat(e.balance()).isEqualTo(Money.of("45.000", "KWD"));
                    assertThat(e.amount()).isEqualTo(Money.of("45.001", "KWD"));
                });
    }

    @Test
    void aPaidOrCanceledInvoiceTakesNoPayment() {
        Invoice paid = issued("10.00", "USD").recordPayment(payment("10.00", "USD"), LATER);
        Invoice canceled = issued("10.00", "USD").cancel("issued in error", LATER);
        for (Invoice done : List.of(paid, canceled)) {
            assertThatThrownBy(() -> done.recordPayment(payment("1.00", "USD"), LATER))
                    .isInstanceOfSatisfying(IllegalInvoiceTransition.class, e -> {
                        assertThat(e.current()).isEqualTo(done.status());
                        assertThat(e.action()).isEqualTo(InvoiceAction.PAY);
                    });
        }
    }

    @Test
    void onlyAnIssuedInvoiceWithoutPaymentsIsCanceled() {
        Invoice canceled = issued("10.00", "USD").cancel("  issued in error  ", LATER);
        assertThat(canceled.status()).isEqualTo(InvoiceStatus.CANCELED);
        assertThat(canceled.cancelReason()).isEqualTo("issued in error");
        assertThat(canceled.canceledAt()).isEqualTo(LATER);
        assertThat(canceled.version()).isEqualTo(2);
        assertThat(canceled.number()).isEqualTo(new InvoiceNumber(2026, 1));

        List<Invoice> refused = new ArrayList<>();
        refused.add(issued("10.00", "USD").recordPayment(payment("0.01", "USD"), LATER));
        refused.add(issued("10.00", "USD").recordPayment(payment("10.00", "USD"), LATER));
        refused.add(canceled);
        for (Invoice invoice : refused) {
            assertThatThrownBy(() -> invoice.cancel("no", LATER))
                    .isInstanceOfSatisfying(IllegalInvoiceTransition.class, e -> {
                        assertThat(e.current()).isEqualTo(invoice.status());
                        assertThat(e.action()).isEqualTo(InvoiceAction.CANCEL);
                    });
        }
        assertThatThrownBy(() -> issued("10.00", "USD").cancel(" ", LATER))
                .isInstanceOfSatisfying(InvalidInvoiceRequest.class, e -> assertThat(e.field()).isEqualTo("reason"));
    }

    @Test
    void anInvoiceNeverHoldsMorePaidThanItsTotal() {
        Invoice invoice = issued("10.00", "USD");
        assertThatThrownBy(() -> new Invoice(invoice.id(), invoice.number(), invoice.orderId(), invoice.orderNumber(),
                invoice.accountId(), invoice.ownerId(), invoice.currency(), invoice.lines(), invoice.totals(),
                InvoiceStatus.PAID, invoice.issuedAt(), invoice.dueDate(), 30,
                List.of(payment("6.00", "USD"), payment("4.01", "USD")), LATER, null, null, 3, "bill", LATER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- fixtures

    static Invoice issued(String total, String currency) {
        return Invoice.issue(UUID.randomUUID(), new InvoiceNumber(2026, 1), invoicedOrder(total, currency), 30,
                ISSUED_AT, "bill");
    }

    static Payment payment(String amount, String currency) {
        return new Payment(UUID.randomUUID(), Money.of(amount, currency), LATER.minusSeconds(3600), "TRX-1", LATER, "bill");
    }

    static Order invoicedOrder(String total, String currency) {
        return order(OrderStatus.INVOICED, total, currency);
    }

    static Order order(OrderStatus status, String total, String currency) {
        Money amount = Money.of(total, currency);
        OrderLine line = new OrderLine(1, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), null, "مجوز",
                BigDecimal.ONE, amount, null, null, amount);
        return new Order(UUID.randomUUID(), "ORD-2026-000001", UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                null, "alice", null, null, amount.currency(), List.of(line),
                new OrderTotals(amount, Money.zero(amount.currency()), null, amount), status, null, 4, ISSUED_AT,
                "alice", ISSUED_AT);
    }
}
