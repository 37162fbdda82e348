package dev.salescrm.billing.order.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

import dev.salescrm.platform.money.Money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order aggregate in plain Java: its status table, its number, its life and its line edits. */
class OrderTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:15:30.123456Z");
    static final Instant LATER = Instant.parse("2026-11-27T08:00:00Z");

    @Test
    void theTransitionTableListsExactlyTheSalesProcess() {
        assertThat(OrderStatusTransitions.all()).containsExactlyInAnyOrder(
                new OrderStatusTransitions.Transition(OrderStatus.ACTIVE, OrderStatus.SUBMITTED),
                new OrderStatusTransitions.Transition(OrderStatus.ACTIVE, OrderStatus.CANCELED),
                new OrderStatusTransitions.Transition(OrderStatus.SUBMITTED, OrderStatus.FULFILLED),
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
        assertThat(illegal).isEqualTo(25 - 5);
        // Nothing stays put, and invoiced and canceled orders are final.
        for (OrderStatus status : OrderStatus.values()) {
            assertThat(OrderStatusTransitions.allows(status, status)).as(status + " -> itself").isFalse();
            assertThat(OrderStatusTransitions.allows(OrderStatus.INVOICED, status)).isFalse();
            assertThat(OrderStatusTransitions.allows(OrderStatus.CANCELED, status)).isFalse();
        }
        // Only what was delivered is invoiced; delivered goods are not canceled by a status change.
        assertThat(OrderStatusTransitions.allows(OrderStatus.ACTIVE, OrderStatus.INVOICED)).isFalse();
        assertThat(OrderStatusTransitions.allows(OrderStatus.SUBMITTED, OrderStatus.INVOICED)).isFalse();
        assertThat(OrderStatusTransitions.allows(OrderStatus.FULFILLED, OrderStatus.CANCELED)).isFalse();
    }

    /** Every action from every status: the legal ones move on with version + 1, the others name the status. */
    @Test
    void everyActionFromEveryStatusFollowsTheTable() {
        Map<OrderAction, BiFunction<Order, Instant, Order>> actions = Map.of(
                OrderAction.SUBMIT, Order::submit,
                OrderAction.FULFILL, Order::fulfill,
                OrderAction.CANCEL, (order, now) -> order.cancel("customer withdrew", now),
                OrderAction.INVOICE, Order::invoice);
        Map<OrderAction, OrderStatus> targets = Map.of(OrderAction.SUBMIT, OrderStatus.SUBMITTED,
                OrderAction.FULFILL, OrderStatus.FULFILLED, OrderAction.CANCEL, OrderStatus.CANCELED,
                OrderAction.INVOICE, OrderStatus.INVOICED);
        int legal = 0;
        for (OrderStatus from : OrderStatus.values()) {
            Order order = inStatus(from);
            for (var action : actions.entrySet()) {
                OrderStatus to = targets.get(action.getKey());
                if (OrderStatusTransitions.allows(from, to)) {
                    Order next = action.getValue().apply(order, LATER);
                    assertThat(next.status()).isEqualTo(to);
                    assertThat(next.version()).isEqualTo(order.version() + 1);
                    assertThat(next.updatedAt()).isEqualTo(LATER);
                    assertThat(next.createdAt()).isEqualTo(order.createdAt());
                    assertThat(next.lines()).isEqualTo(order.lines());
                    assertThat(next.totals()).isEqualTo(order.totals());
                    legal++;
                } else {
                    assertThatThrownBy(() -> action.getValue().apply(order, LATER))
                            .as("%s from %s", action.getKey(), from)
                            .isInstanceOfSatisfying(IllegalOrderTransition.class, e -> {
                                assertThat(e.current()).isEqualTo(from);
                                assertThat(e.action()).isEqualTo(action.getKey());
                                assertThat(e.getMessage()).contains(from.name());
                            });
                }
            }
        }
        assertThat(legal).isEqualTo(5);
    }

    @Test
    void aCancellationNeedsAReasonAndKeepsIt() {
        Order active = inStatus(OrderStatus.ACTIVE);
        for (String blank : new String[] {null, "", "   "}) {
            assertThatThrownBy(() -> active.cancel(blank, LATER)).isInstanceOfSatisfying(InvalidOrderChange.class,
                    e -> assertThat(e.field()).isEqualTo("reason"));
        }
        assertThatThrownBy(() -> active.cancel("x".repeat(Order.MAX_REASON_LENGTH + 1), LATER))
                .isInstanceOf(InvalidOrderChange.class);
        Order canceled = active.cancel("  مشتری منصرف شد  ", LATER);
        assertThat(canceled.cancelReason()).isEqualTo("مشتری منصرف شد");
        assertThat(active.cancelReason()).isNull();
        assertThat(inStatus(OrderStatus.SUBMITTED).cancel("late", LATER).status()).isEqualTo(OrderStatus.CANCELED);
    }

    @Test
    void anOrderThatComesToLessThanZeroIsNotInvoiced() {
        // The quote's arithmetic is copied, not checked: a discount over the lines makes a negative total.
        Order negative = order(OrderStatus.FULFILLED, List.of(line(1, "1", "10.00", null, "10.00", "USD")),
                Money.of("20.00", "USD"), null);
        assertThatThrownBy(() -> negative.invoice(LATER)).isInstanceOfSatisfying(IllegalOrderTransition.class, e -> {
            assertThat(e.current()).isEqualTo(OrderStatus.FULFILLED);
            assertThat(e.getMessage()).contains("-10.00 USD");
        });
    }

    // ---- line edits

    @Test
    void aQuantityChangeRepricesTheLineFromItsAcceptedPriceAndDiscountsExactly() {
        // 250 × 48 000 000.00 − 150 000 000.00 = 11 850 000 000.00 IRR, as accepted.
        Order order = irrOrder();
        Order changed = order.changeQuantity(1, new BigDecimal("251.5"), LATER);

        OrderLine seats = changed.lines().get(0);
        assertThat(seats.quantity().toPlainString()).isEqualTo("251.5");
        assertThat(seats.pricePerUnit()).isEqualTo(Money.of("48000000.00", "IRR"));
        assertThat(seats.manualDiscount()).isEqualTo(Money.of("150000000.00", "IRR"));
        // 251.5 × 48 000 000 = 12 072 000 000; − 150 000 000 − 1 000 000 (volume) = 11 921 000 000.
        assertThat(seats.extendedAmount().amountString()).isEqualTo("11921000000.00");
        // The other line is untouched; totals are the exact sum less the order discount.
        assertThat(changed.lines().get(1)).isEqualTo(order.lines().get(1));
        assertThat(changed.totals().detailAmount().amountString()).isEqualTo("98777353109876.54");
        assertThat(changed.totals().discountAmount().amountString()).isEqualTo("350000000.00");
        assertThat(changed.totals().totalAmount().amountString()).isEqualTo("98777003109876.54");
        assertThat(changed.version()).isEqualTo(order.version() + 1);
        assertThat(changed.status()).isEqualTo(OrderStatus.ACTIVE);
    }

    @Test
    void aQuantityChangeRoundsTheProductOnceAtTheCurrencysMinorUnits() {
        Order kwd = order(OrderStatus.ACTIVE, List.of(
                line(1, "3", "37.125", null, "111.375", "KWD"),
                line(2, "1", "0.005", null, "0.005", "KWD")), null, null);
        // 0.3333 × 37.125 = 12.3737625 → 12.374 (half-even at three decimals).
        Order changed = kwd.changeQuantity(1, new BigDecimal("0.3333"), LATER);
        assertThat(changed.lines().get(0).extendedAmount().amountString()).isEqualTo("12.374");
        assertThat(changed.totals().totalAmount().amountString()).isEqualTo("12.379");

        Order yen = order(OrderStatus.ACTIVE, List.of(line(1, "3", "19800", null, "59400", "JPY")), null, null);
        // 2.50 × 19 800 = 49 500 yen, and the quantity is kept as 2.5.
        assertThat(yen.changeQuantity(1, new BigDecimal("2.50"), LATER).totals().totalAmount().amountString())
                .isEqualTo("49500");
        assertThat(yen.changeQuantity(1, new BigDecimal("2.50"), LATER).lines().get(0).quantity().toPlainString())
                .isEqualTo("2.5");
    }

    @Test
    void aQuantityMustBeAboveZeroFitAndKeepTheLineAboveItsDiscounts() {
        Order order = irrOrder();
        for (String bad : new String[] {"0", "-1", "0.00000000001", "123456789012345678901"}) {
            assertThatThrownBy(() -> order.changeQuantity(1, new BigDecimal(bad), LATER)).as(bad)
                    .isInstanceOfSatisfying(InvalidOrderChange.class, e -> assertThat(e.field()).isEqualTo("quantity"));
        }
        // 3 × 48 000 000 = 144 000 000 < the 151 000 000 of discounts.
        assertThatThrownBy(() -> order.changeQuantity(1, new BigDecimal("3"), LATER))
                .isInstanceOf(InvalidOrderChange.class).hasMessageContaining("discounts");
        assertThatThrownBy(() -> order.changeQuantity(9, BigDecimal.TEN, LATER)).isInstanceOf(NoSuchOrderLine.class);
    }

    @Test
    void anOrderDiscountLargerThanTheNewLinesIsRefused() {
        Order order = order(OrderStatus.ACTIVE, List.of(line(1, "10", "125.00", null, "1250.00", "USD"),
                line(2, "1", "10.00", null, "10.00", "USD")), Money.of("1000.00", "USD"), null);
        assertThatThrownBy(() -> order.changeQuantity(1, new BigDecimal("7"), LATER))
                .isInstanceOfSatisfying(InvalidOrderChange.class, e -> assertThat(e.field()).isEqualTo("quantity"));
        assertThatThrownBy(() -> order.removeLine(1, LATER)).isInstanceOf(IllegalOrderTransition.class)
                .hasMessageContaining("discount");
    }

    @Test
    void aLineIsRemovedButNeverTheLastOne() {
        Order order = irrOrder();
        Order without = order.removeLine(1, LATER);
        assertThat(without.lines()).extracting(OrderLine::lineNumber).containsExactly(2);
        assertThat(without.totals().detailAmount().amountString()).isEqualTo("98765432109876.54");
        assertThat(without.totals().totalAmount().amountString()).isEqualTo("98765082109876.54");
        assertThat(without.version()).isEqualTo(order.version() + 1);
        assertThatThrownBy(() -> without.removeLine(2, LATER))
                .isInstanceOfSatisfying(IllegalOrderTransition.class, e -> {
                    assertThat(e.action()).isEqualTo(OrderAction.EDIT_LINES);
                    assertThat(e.current()).isEqualTo(OrderStatus.ACTIVE);
                    assertThat(e.getMessage()).contains("at least one line");
                });
        assertThatThrownBy(() -> order.removeLine(3, LATER)).isInstanceOf(NoSuchOrderLine.class);
        // Line numbers stay with their lines: 2 is still 2.
        assertThat(without.changeQuantity(2, BigDecimal.ONE, LATER).lines().getFirst().lineNumber()).isEqualTo(2);
    }

    @Test
    void onlyAnActiveOrderWithoutTaxCanBeEdited() {
        Set<OrderStatus> editable = EnumSet.noneOf(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            Order order = inStatus(status);
            if (order.isEditable()) {
                editable.add(status);
                continue;
            }
            assertThatThrownBy(() -> order.changeQuantity(1, BigDecimal.TEN, LATER))
                    .isInstanceOfSatisfying(IllegalOrderTransition.class, e -> assertThat(e.current()).isEqualTo(status));
            assertThatThrownBy(() -> order.removeLine(1, LATER)).isInstanceOf(IllegalOrderTransition.class);
        }
        assertThat(editable).containsExactly(OrderStatus.ACTIVE);
        Order taxed = order(OrderStatus.ACTIVE, List.of(line(1, "1", "10.00", null, "10.00", "USD"),
                line(2, "1", "10.00", null, "10.00", "USD")), null, Money.of("1.80", "USD"));
        assertThatThrownBy(() -> taxed.changeQuantity(1, BigDecimal.TEN, LATER))
                .isInstanceOf(IllegalOrderTransition.class).hasMessageContaining("tax");
    }

    // ---- creation

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
        assertThat(order.cancelReason()).isNull();
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
        assertThatThrownBy(() -> new OrderLine(1, null, null, null, null, "x", new BigDecimal("-1"),
                Money.of("1.00", "USD"), null, null, Money.of("1.00", "USD")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- fixtures

    /** Two IRR lines: seats with both discounts, a perpetual licence of seventeen significant digits. */
    static Order irrOrder() {
        OrderLine seats = new OrderLine(1, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), null, "مجوز کاربر",
                new BigDecimal("250"), Money.of("48000000.00", "IRR"), Money.of("1000000.00", "IRR"),
                Money.of("150000000.00", "IRR"), Money.of("11849000000.00", "IRR"));
        OrderLine perpetual = line(2, "1", "98765432109876.54", null, "98765432109876.54", "IRR");
        return order(OrderStatus.ACTIVE, List.of(seats, perpetual), Money.of("350000000.00", "IRR"), null);
    }

    static Order inStatus(OrderStatus status) {
        return order(status, List.of(line(1, "10", "125.00", null, "1250.00", "USD")), Money.zero("USD"), null);
    }

    static Order order(OrderStatus status, List<OrderLine> lines, Money discount, Money tax) {
        var currency = lines.getFirst().pricePerUnit().currency();
        Money detail = Money.zero(currency);
        for (OrderLine line : lines) {
            detail = detail.plus(line.extendedAmount());
        }
        Money total = discount == null ? detail : detail.minus(discount);
        if (tax != null) {
            total = total.plus(tax);
        }
        return new Order(UUID.randomUUID(), "ORD-2026-000007", UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                null, "alice", UUID.randomUUID(), "پیشنهاد", currency, lines,
                new OrderTotals(detail, discount, tax, total), status, status == OrderStatus.CANCELED ? "no" : null, 3,
                NOW, "alice", NOW);
    }

    static OrderLine line(int number, String quantity, String price, String manualDiscount, String extended,
                          String currency) {
        return new OrderLine(number, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), null, "line " + number,
                new BigDecimal(quantity), Money.of(price, currency),
                null, manualDiscount == null ? null : Money.of(manualDiscount, currency), Money.of(extended, currency));
    }

    static AcceptedQuote quote(List<OrderLine> lines, OrderTotals totals) {
        return new AcceptedQuote(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), null,
                "alice", UUID.randomUUID(), "پیشنهاد", lines, totals, "alice");
    }

    static OrderLine line(String amount, String currency) {
        return new OrderLine(1, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), null, "مجوز کاربر CRM",
                new BigDecimal("1"), Money.of(amount, currency), null, null, Money.of(amount, currency));
    }

    static OrderTotals totals(String amount, String currency) {
        return new OrderTotals(Money.of(amount, currency), Money.zero(currency), null, Money.of(amount, currency));
    }
}
