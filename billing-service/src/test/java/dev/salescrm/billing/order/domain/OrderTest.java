package dev.salescrm.billing.order.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.salescrm.platform.money.Money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order aggregate in plain Java: its status table, its number, and what an accepted quote makes of it. */
class OrderTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:15:30.123456Z");

    @Test
    void theTransitionTableListsExactlyTheSalesProcess() {
        assertThat(OrderStatusTransitions.all()).containsExactlyInAnyOrder(
                new OrderStatusTransitions.Transition(OrderStatus.ACTIVE, OrderStatus.SUBMITTED),
                new OrderStatusTransitions.Transition(OrderStatus.ACTIVE, OrderStatus.INVOICED),
                new OrderStatusTransitions.Transition(OrderStatus.ACTIVE, OrderStatus.CANCELED),
                new OrderStatusTransitions.Transition(OrderStatus.SUBMITTED, OrderStatus.FULFILLED),
                new OrderStatusTransitions.Transition(OrderStatus.SUBMITTED, OrderStatus.INVOICED),
                new OrderStatusTransitions.Transition(OrderStatus.SUBMITTED, OrderStatus.CANCELED),
                new OrderStatusTransitions.Transition(OrderStatus.FULFILLED, OrderStatus.INVOICED));
    }

    @Test
    void everyPairOutsideTheTableIsIllegal() {
        List<OrderStatusTransitions.Transition> legal = OrderStatusTransitions.all();
        List<String> allowedButNotListed = new ArrayList<>();
        int illegal = 0;
        for (OrderStatus from : OrderStatus.values()) {
            for (OrderStatus to : OrderStatus.values()) {
                boolean listed = legal.contains(new OrderStatusTransitions.Transition(from, to));
                if (OrderStatusTransitions.allows(from, to) != listed) {
                    allowedButNotListed.add(from + "->" + to);
                }
                if (!listed) {
                    illegal++;
                }
            }
        }
        assertThat(allowedButNotListed).isEmpty();
        assertThat(illegal).isEqualTo(25 - 7);
        // Nothing stays put, and invoiced and canceled orders are final.
        for (OrderStatus status : OrderStatus.values()) {
            assertThat(OrderStatusTransitions.allows(status, status)).as(status + " -> itself").isFalse();
            assertThat(OrderStatusTransitions.allows(OrderStatus.INVOICED, status)).isFalse();
            assertThat(OrderStatusTransitions.allows(OrderStatus.CANCELED, status)).isFalse();
        }
        // Delivered or billed goods are not canceled by changing an order's status.
        assertThat(OrderStatusTransitions.allows(OrderStatus.FULFILLED, OrderStatus.CANCELED)).isFalse();
    }

    @Test
    void anOrderNumberIsTheYearAndASixDigitRunningNumber() {
        assertThat(OrderNumber.format(2026, 42)).isEqualTo("ORD-2026-000042");
        assertThat(OrderNumber.format(2027, 999_999)).isEqualTo("ORD-2027-999999");
        assertThat(OrderNumber.format(2027, 1_000_000)).isEqualTo("ORD-2027-1000000");
        assertThatThrownBy(() -> OrderNumber.format(2026, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAcceptedQuoteBecomesAnActiveFirstVersionWithItsLinesAndTotalsUntouched() {
        AcceptedQuote quote = quote(List.of(line("12500000000.00", "IRR")), totals("12500000000.00", "IRR"));

        Order order = Order.fromAcceptedQuote(quote, "ORD-2026-000001", NOW);

        assertThat(order.id()).isEqualTo(quote.orderId());
        assertThat(order.quoteId()).isEqualTo(quote.quoteId());
        assertThat(order.status()).isEqualTo(OrderStatus.ACTIVE);
        assertThat(order.version()).isEqualTo(1);
        assertThat(order.currency().getCurrencyCode()).isEqualTo("IRR");
        assertThat(order.lines()).isEqualTo(quote.lines());
        assertThat(order.totals()).isEqualTo(quote.totals());
        assertThat(order.totals().totalAmount().amountString()).isEqualTo("12500000000.00");
        assertThat(order.createdAt()).isEqualTo(NOW).isEqualTo(order.updatedAt());
        assertThat(order.createdBy()).isEqualTo("alice");
    }

    @Test
    void aQuoteInTwoCurrenciesIsRefusedNotConverted() {
        assertThatThrownBy(() -> quote(List.of(line("1.250", "KWD")), totals("1250.00", "USD")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1").hasMessageContaining("KWD");
        assertThatThrownBy(() -> quote(List.of(), new OrderTotals(Money.of("5.000", "KWD"), null, null,
                Money.of("5.00", "USD"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("totals");
    }

    @Test
    void aLineCannotHaveANegativeQuantity() {
        assertThatThrownBy(() -> new OrderLine(null, null, null, null, "x", new BigDecimal("-1"),
                Money.of("1.00", "USD"), null, null, Money.of("1.00", "USD")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static AcceptedQuote quote(List<OrderLine> lines, OrderTotals totals) {
        return new AcceptedQuote(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), null,
                "alice", UUID.randomUUID(), "پیشنهاد", lines, totals, "alice");
    }

    static OrderLine line(String amount, String currency) {
        return new OrderLine(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), null, "مجوز کاربر CRM",
                new BigDecimal("1"), Money.of(amount, currency), null, null, Money.of(amount, currency));
    }

    static OrderTotals totals(String amount, String currency) {
        return new OrderTotals(Money.of(amount, currency), Money.zero(currency), null, Money.of(amount, currency));
    }
}
