package dev.salescrm.opportunity.quote.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.salescrm.catalog.pricing.DiscountBand;
import dev.salescrm.catalog.pricing.DiscountList;
import dev.salescrm.catalog.pricing.DiscountType;
import dev.salescrm.catalog.pricing.LinePrice;
import dev.salescrm.catalog.pricing.Pricing;
import dev.salescrm.platform.money.Money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The quote's rules, without Spring: its state machine, read-only once offered, lines and totals to the minor unit. */
class QuoteTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:15:30Z");
    static final LocalDate NEXT_MONTH = LocalDate.of(2026, 12, 31);
    static final Currency EUR = Currency.getInstance("EUR");

    static Quote draft(String currency) {
        return Quote.draft(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Currency.getInstance(currency),
                new Quote.Details("پیشنهاد قیمت", null, NEXT_MONTH, null), "alice", NOW);
    }

    static QuoteLine writeIn(Quote quote, String description, String quantity, String price) {
        return QuoteLine.writeIn(quote.currency(), UUID.randomUUID(), quote.nextLineNumber(), description,
                new BigDecimal(quantity), Money.of(price, quote.currency().getCurrencyCode()), null);
    }

    static Quote draftWithALine() {
        Quote quote = draft("EUR");
        return quote.withLine(writeIn(quote, "Consulting day", "2", "800.00"), NOW);
    }

    /** A quote in the status of {@code reason}, reached through the domain's own methods. */
    static Quote in(QuoteStatusReason reason) {
        Quote draft = draftWithALine();
        return switch (reason) {
            case IN_PROGRESS -> draft;
            case OPEN -> draft.activate(NOW);
            case WON -> draft.activate(NOW).accept(UUID.randomUUID(), NOW);
            case REVISED -> draft.activate(NOW).revise(UUID.randomUUID(), UUID::randomUUID, "alice", NOW).revised();
            case CANCELED, OPPORTUNITY_WON, OPPORTUNITY_LOST -> draft.close(reason, NOW);
            case LOST -> draft.activate(NOW).close(reason, NOW);
        };
    }

    @Test
    void aNewQuoteIsADraftOfRevisionZeroWithoutLinesAndZeroTotals() {
        Quote quote = draft("IRR");
        assertThat(quote.status()).isEqualTo(QuoteStatus.DRAFT);
        assertThat(quote.statusReason()).isEqualTo(QuoteStatusReason.IN_PROGRESS);
        assertThat(quote.revision()).isZero();
        assertThat(quote.version()).isEqualTo(1);
        assertThat(quote.lines()).isEmpty();
        assertThat(quote.orderId()).isNull();
        assertThat(quote.totals().detailAmount()).isEqualTo(Money.of("0.00", "IRR"));
        assertThat(quote.totals().discountAmount().amountString()).isEqualTo("0.00");
        assertThat(quote.totals().totalAmount().amountString()).isEqualTo("0.00");
    }

    @Test
    void theTransitionTableIsTheQuoteProcess() {
        assertThat(QuoteStatusTransitions.all()).containsExactlyInAnyOrder(
                new QuoteStatusTransitions.Transition(QuoteStatus.DRAFT, QuoteStatusReason.OPEN),
                new QuoteStatusTransitions.Transition(QuoteStatus.DRAFT, QuoteStatusReason.CANCELED),
                new QuoteStatusTransitions.Transition(QuoteStatus.DRAFT, QuoteStatusReason.OPPORTUNITY_WON),
                new QuoteStatusTransitions.Transition(QuoteStatus.DRAFT, QuoteStatusReason.OPPORTUNITY_LOST),
                new QuoteStatusTransitions.Transition(QuoteStatus.ACTIVE, QuoteStatusReason.WON),
                new QuoteStatusTransitions.Transition(QuoteStatus.ACTIVE, QuoteStatusReason.LOST),
                new QuoteStatusTransitions.Transition(QuoteStatus.ACTIVE, QuoteStatusReason.CANCELED),
                new QuoteStatusTransitions.Transition(QuoteStatus.ACTIVE, QuoteStatusReason.REVISED),
                new QuoteStatusTransitions.Transition(QuoteStatus.ACTIVE, QuoteStatusReason.OPPORTUNITY_WON),
                new QuoteStatusTransitions.Transition(QuoteStatus.ACTIVE, QuoteStatusReason.OPPORTUNITY_LOST));
    }

    /** Every status (reached through every reason) × every target: allowed exactly where the table says. */
    @Test
    void everyStatusChangeFollowsTheTable() {
        int legal = 0;
        int illegal = 0;
        for (QuoteStatusReason from : QuoteStatusReason.values()) {
            for (QuoteStatusReason to : QuoteStatusReason.values()) {
                Quote start = in(from);
                assertThat(start.statusReason()).isEqualTo(from);
                Function<Quote, Quote> change = switch (to) {
                    case IN_PROGRESS -> null; // nothing returns a quote to draft: a revision is a new quote
                    case OPEN -> q -> q.activate(NOW);
                    case WON -> q -> q.accept(UUID.randomUUID(), NOW);
                    case REVISED -> q -> q.revise(UUID.randomUUID(), UUID::randomUUID, "alice", NOW).revised();
                    default -> q -> q.close(to, NOW);
                };
                if (change == null) {
                    assertThat(QuoteStatusTransitions.allows(from.status(), to)).isFalse();
                    continue;
                }
                if (QuoteStatusTransitions.allows(from.status(), to)) {
                    Quote after = change.apply(start);
                    assertThat(after.statusReason()).as("%s → %s", from, to).isEqualTo(to);
                    assertThat(after.version()).isEqualTo(start.version() + 1);
                    legal++;
                } else {
                    assertThatThrownBy(() -> change.apply(start)).as("%s → %s", from, to)
                            .isInstanceOf(IllegalQuoteStateException.class)
                            .extracting(e -> ((IllegalQuoteStateException) e).current()).isEqualTo(from.status());
                    illegal++;
                }
            }
        }
        assertThat(legal).isPositive();
        assertThat(illegal).isPositive();
    }

    @Test
    void onlyADraftChangesItsDetailsAndLines() {
        for (QuoteStatusReason reason : QuoteStatusReason.values()) {
            Quote quote = in(reason);
            UUID lineId = quote.lines().getFirst().id();
            QuoteLine changed = QuoteLine.writeIn(EUR, lineId, 1, "Two days", new BigDecimal("3"),
                    Money.of("800.00", "EUR"), null);
            List<Function<Quote, Quote>> edits = List.of(
                    q -> q.withDetails(new Quote.Details("Renamed", "نسخه دوم", NEXT_MONTH, null), NOW),
                    q -> q.withLine(writeIn(q, "Another", "1", "1.00"), NOW),
                    q -> q.withChangedLine(changed, NOW),
                    q -> q.withoutLine(lineId, NOW));
            for (Function<Quote, Quote> edit : edits) {
                if (reason.status() == QuoteStatus.DRAFT) {
                    assertThat(edit.apply(quote).version()).isEqualTo(quote.version() + 1);
                } else {
                    assertThatThrownBy(() -> edit.apply(quote)).as("edit when %s", reason)
                            .isInstanceOf(IllegalQuoteStateException.class)
                            .hasMessageContaining(reason.status().name());
                }
            }
        }
    }

    @Test
    void activationNeedsALineAndATotalThatIsNotNegative() {
        assertThatThrownBy(() -> draft("EUR").activate(NOW)).isInstanceOf(IllegalQuoteStateException.class)
                .hasMessageContaining("at least one line");
        Quote overDiscounted = draftWithALine().withDetails(new Quote.Details("Too generous", null, NEXT_MONTH,
                Money.of("1600.01", "EUR")), NOW);
        assertThat(overDiscounted.totals().totalAmount().amountString()).isEqualTo("-0.01");
        assertThatThrownBy(() -> overDiscounted.activate(NOW)).isInstanceOf(IllegalQuoteStateException.class)
                .hasMessageContaining("exceeds");
        Quote exact = draftWithALine().withDetails(new Quote.Details("All off", null, NEXT_MONTH,
                Money.of("1600.00", "EUR")), NOW);
        assertThat(exact.activate(NOW).totals().totalAmount().isZero()).isTrue();
    }

    @Test
    void anActiveQuoteIsFrozenAndAcceptingItAllocatesTheOrder() {
        Quote active = draftWithALine().activate(NOW);
        assertThat(active.status()).isEqualTo(QuoteStatus.ACTIVE);
        assertThat(active.statusReason()).isEqualTo(QuoteStatusReason.OPEN);
        UUID orderId = UUID.randomUUID();
        Quote won = active.accept(orderId, NOW);
        assertThat(won.status()).isEqualTo(QuoteStatus.WON);
        assertThat(won.orderId()).isEqualTo(orderId);
        assertThat(won.lines()).isEqualTo(active.lines());
        assertThat(won.totals()).isEqualTo(active.totals());
        assertThatThrownBy(() -> won.accept(UUID.randomUUID(), NOW)).isInstanceOf(IllegalQuoteStateException.class);
    }

    @Test
    void aRevisionClosesTheActiveQuoteAndCopiesItIntoTheNextRevisionsDraft() {
        Quote draft = draftWithALine();
        draft = draft.withLine(writeIn(draft, "Licence", "10", "99.90"), NOW)
                .withDetails(new Quote.Details("Offer", "شرح", NEXT_MONTH, Money.of("10.00", "EUR")), NOW);
        Quote active = draft.activate(NOW);
        UUID draftId = UUID.randomUUID();
        List<UUID> newLineIds = new ArrayList<>();
        Quote.Revision revision = active.revise(draftId, () -> {
            UUID id = UUID.randomUUID();
            newLineIds.add(id);
            return id;
        }, "bob", NOW);

        assertThat(revision.revised().statusReason()).isEqualTo(QuoteStatusReason.REVISED);
        assertThat(revision.revised().status()).isEqualTo(QuoteStatus.CLOSED);
        Quote next = revision.draft();
        assertThat(next.id()).isEqualTo(draftId);
        assertThat(next.status()).isEqualTo(QuoteStatus.DRAFT);
        assertThat(next.revision()).isEqualTo(active.revision() + 1);
        assertThat(next.revisedFromId()).isEqualTo(active.id());
        assertThat(next.version()).isEqualTo(1);
        assertThat(next.createdBy()).isEqualTo("bob");
        assertThat(next.name()).isEqualTo("Offer");
        assertThat(next.description()).isEqualTo("شرح");
        assertThat(next.priceListId()).isEqualTo(active.priceListId());
        assertThat(next.opportunityId()).isEqualTo(active.opportunityId());
        assertThat(next.totals()).isEqualTo(active.totals());
        assertThat(next.lines()).hasSize(2);
        assertThat(next.lines()).extracting(QuoteLine::id).containsExactlyElementsOf(newLineIds)
                .doesNotContainAnyElementsOf(active.lines().stream().map(QuoteLine::id).toList());
        for (int i = 0; i < 2; i++) {
            assertThat(next.lines().get(i).withId(active.lines().get(i).id())).isEqualTo(active.lines().get(i));
        }
        assertThatThrownBy(() -> draftWithALine().revise(UUID.randomUUID(), UUID::randomUUID, "bob", NOW))
                .isInstanceOf(IllegalQuoteStateException.class);
    }

    @Test
    void closingTakesOnlyAClosedReason() {
        assertThatThrownBy(() -> draftWithALine().close(QuoteStatusReason.WON, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> draftWithALine().close(QuoteStatusReason.LOST, NOW))
                .as("a draft was never offered, so it cannot be lost: it is canceled")
                .isInstanceOf(IllegalQuoteStateException.class);
    }

    @Test
    void everyReasonBelongsToOneStatusAndOnlyDraftsAndActiveQuotesAreOpen() {
        assertThat(EnumSet.allOf(QuoteStatus.class).stream().filter(QuoteStatus::isOpen))
                .containsExactlyInAnyOrder(QuoteStatus.DRAFT, QuoteStatus.ACTIVE);
        assertThat(EnumSet.allOf(QuoteStatus.class).stream().filter(QuoteStatus::isEditable))
                .containsExactly(QuoteStatus.DRAFT);
        Set<QuoteStatusReason> closing = EnumSet.of(QuoteStatusReason.LOST, QuoteStatusReason.CANCELED,
                QuoteStatusReason.REVISED, QuoteStatusReason.OPPORTUNITY_WON, QuoteStatusReason.OPPORTUNITY_LOST);
        for (QuoteStatusReason reason : QuoteStatusReason.values()) {
            assertThat(reason.status() == QuoteStatus.CLOSED).as(reason.name()).isEqualTo(closing.contains(reason));
        }
    }

    // ---- lines and totals

    @Test
    void aCatalogLineTakesTheCatalogsPriceAndLosesTheManualDiscountLast() {
        DiscountList bands = new DiscountList(DiscountType.PERCENTAGE, List.of(
                new DiscountBand(new BigDecimal("10"), new BigDecimal("50"), new BigDecimal("5")),
                new DiscountBand(new BigDecimal("50"), null, new BigDecimal("10"))));
        LinePrice price = Pricing.priceLine(Money.of("125000.00", "IRR"), BigDecimal.ONE, bands, new BigDecimal("12"));
        Quote quote = draft("IRR");
        QuoteLine line = QuoteLine.catalog(quote.currency(), UUID.randomUUID(), 1, UUID.randomUUID(), UUID.randomUUID(),
                null, price, Money.of("70000.00", "IRR"));
        // 12 × 125,000 = 1,500,000; 5 % volume discount (band [10, 50)) = 75,000; manual 70,000
        assertThat(line.pricePerUnit().amountString()).isEqualTo("125000.00");
        assertThat(line.grossAmount().amountString()).isEqualTo("1500000.00");
        assertThat(line.volumeDiscount().amountString()).isEqualTo("75000.00");
        assertThat(line.manualDiscount().amountString()).isEqualTo("70000.00");
        assertThat(line.extendedAmount().amountString()).isEqualTo("1355000.00");
        assertThat(line.extendedAmount()).isEqualTo(price.extendedAmount().minus(line.manualDiscount()));
        assertThat(line.quantity().toPlainString()).isEqualTo("12");
        assertThat(line.isWriteIn()).isFalse();

        Quote withIt = quote.withLine(line, NOW);
        assertThat(withIt.totals().detailAmount().amountString()).isEqualTo("1355000.00");
        assertThat(withIt.totals().totalAmount().amountString()).isEqualTo("1355000.00");
    }

    @Test
    void totalsAreTheLinesQuantityTimesUnitPriceLessDiscountsLessTheQuoteDiscount() {
        Quote quote = draft("USD");
        quote = quote.withLine(QuoteLine.writeIn(quote.currency(), UUID.randomUUID(), 1, "Setup", new BigDecimal("1"),
                Money.of("1500.00", "USD"), Money.of("100.00", "USD")), NOW);
        quote = quote.withLine(QuoteLine.writeIn(quote.currency(), UUID.randomUUID(), 2, "Seats", new BigDecimal("25"),
                Money.of("49.99", "USD"), null), NOW);
        quote = quote.withLine(QuoteLine.writeIn(quote.currency(), UUID.randomUUID(), 3, "Training hours",
                new BigDecimal("7.5"), Money.of("120.00", "USD"), Money.of("0.50", "USD")), NOW);
        // 1,400.00 + 1,249.75 + 899.50 = 3,549.25
        assertThat(quote.lines()).extracting(l -> l.extendedAmount().amountString())
                .containsExactly("1400.00", "1249.75", "899.50");
        assertThat(quote.totals().detailAmount().amountString()).isEqualTo("3549.25");
        quote = quote.withDetails(new Quote.Details(quote.name(), null, NEXT_MONTH, Money.of("49.25", "USD")), NOW);
        assertThat(quote.totals().discountAmount().amountString()).isEqualTo("49.25");
        assertThat(quote.totals().totalAmount().amountString()).isEqualTo("3500.00");

        // the totals follow every change
        UUID seats = quote.lines().get(1).id();
        quote = quote.withChangedLine(QuoteLine.writeIn(quote.currency(), seats, 2, "Seats", new BigDecimal("30"),
                Money.of("49.99", "USD"), null), NOW);
        assertThat(quote.totals().detailAmount().amountString()).isEqualTo("3799.20");
        quote = quote.withoutLine(quote.lines().getFirst().id(), NOW);
        assertThat(quote.totals().detailAmount().amountString()).isEqualTo("2399.20");
        assertThat(quote.totals().totalAmount().amountString()).isEqualTo("2349.95");
        assertThat(quote.nextLineNumber()).isEqualTo(4);
    }

    @Test
    void amountsAreRoundedHalfEvenToEachCurrencysMinorUnits() {
        // JPY has no minor unit: 1,000 × 0.3333 = 333.3 → 333; 12.5 % of 333 = 41.625 → 42
        DiscountList jpyBand = new DiscountList(DiscountType.PERCENTAGE,
                List.of(new DiscountBand(BigDecimal.ZERO, null, new BigDecimal("12.5"))));
        LinePrice jpy = Pricing.priceLine(Money.of("1000", "JPY"), BigDecimal.ONE, jpyBand, new BigDecimal("0.3333"));
        QuoteLine jpyLine = QuoteLine.catalog(Currency.getInstance("JPY"), UUID.randomUUID(), 1, UUID.randomUUID(),
                UUID.randomUUID(), null, jpy, null);
        assertThat(jpyLine.grossAmount().amountString()).isEqualTo("333");
        assertThat(jpyLine.volumeDiscount().amountString()).isEqualTo("42");
        assertThat(jpyLine.extendedAmount().amountString()).isEqualTo("291");

        // EUR has two: 19.99 × 3.5 = 69.965 → 69.96 (half-even: the 6 is even); 2.5 × 2.5 = 6.25 stays
        QuoteLine eur = QuoteLine.writeIn(EUR, UUID.randomUUID(), 1, "Widgets", new BigDecimal("3.5"),
                Money.of("19.99", "EUR"), null);
        assertThat(eur.extendedAmount().amountString()).isEqualTo("69.96");
        QuoteLine eurUp = QuoteLine.writeIn(EUR, UUID.randomUUID(), 2, "Gadgets", new BigDecimal("1.5"),
                Money.of("0.35", "EUR"), null);
        assertThat(eurUp.extendedAmount().amountString()).as("0.525 → 0.52").isEqualTo("0.52");
        QuoteLine eurOdd = QuoteLine.writeIn(EUR, UUID.randomUUID(), 3, "Gizmos", new BigDecimal("1.5"),
                Money.of("0.45", "EUR"), null);
        assertThat(eurOdd.extendedAmount().amountString()).as("0.675 → 0.68").isEqualTo("0.68");

        // KWD has three: 12.345 × 2.5 = 30.8625 → 30.862
        Currency kwd = Currency.getInstance("KWD");
        QuoteLine kwdLine = QuoteLine.writeIn(kwd, UUID.randomUUID(), 1, "خدمات", new BigDecimal("2.5"),
                Money.of("12.345", "KWD"), Money.of("0.001", "KWD"));
        assertThat(kwdLine.grossAmount().amountString()).isEqualTo("30.862");
        assertThat(kwdLine.extendedAmount().amountString()).isEqualTo("30.861");
        Quote kwdQuote = draft("KWD").withLine(kwdLine, NOW);
        assertThat(kwdQuote.totals().totalAmount().amountString()).isEqualTo("30.861");
    }

    @Test
    void anIrrQuoteInTheBillionsStaysExact() {
        DiscountList bands = new DiscountList(DiscountType.PERCENTAGE, List.of(
                new DiscountBand(new BigDecimal("10"), new BigDecimal("100"), new BigDecimal("7.5")),
                new DiscountBand(new BigDecimal("100"), null, new BigDecimal("12.5"))));
        Currency irr = Currency.getInstance("IRR");
        Quote quote = draft("IRR");
        // 120 seats × 2,750,000,000.00 = 330,000,000,000.00; 12.5 % = 41,250,000,000.00; manual 1,000,000,000.01
        LinePrice seats = Pricing.priceLine(Money.of("2750000000.00", "IRR"), BigDecimal.ONE, bands, new BigDecimal("120"));
        quote = quote.withLine(QuoteLine.catalog(irr, UUID.randomUUID(), 1, UUID.randomUUID(), UUID.randomUUID(),
                "مجوز کاربر CRM", seats, Money.of("1000000000.01", "IRR")), NOW);
        // 3 ten-packs at 26,000,000,000.00 = 30 seats: band [10, 100) → 7.5 % of 78,000,000,000.00 = 5,850,000,000.00
        LinePrice packs = Pricing.priceLine(Money.of("26000000000.00", "IRR"), BigDecimal.TEN, bands, new BigDecimal("3"));
        quote = quote.withLine(QuoteLine.catalog(irr, UUID.randomUUID(), 2, UUID.randomUUID(), UUID.randomUUID(),
                null, packs, null), NOW);
        quote = quote.withLine(QuoteLine.writeIn(irr, UUID.randomUUID(), 3, "نصب و راه‌اندازی", new BigDecimal("1"),
                Money.of("999999999999.99", "IRR"), null), NOW);

        assertThat(quote.lines()).extracting(l -> l.extendedAmount().amountString())
                .containsExactly("287749999999.99", "72150000000.00", "999999999999.99");
        assertThat(quote.totals().detailAmount().amountString()).isEqualTo("1359899999999.98");
        quote = quote.withDetails(new Quote.Details(quote.name(), null, NEXT_MONTH, Money.of("359899999999.98", "IRR")), NOW);
        assertThat(quote.totals().totalAmount().amountString()).isEqualTo("1000000000000.00");
    }

    @Test
    void everyAmountIsInTheQuotesCurrencyNamingTheFieldThatBroughtAnother() {
        LinePrice usdPrice = Pricing.priceLine(Money.of("10.00", "USD"), BigDecimal.ONE, null, BigDecimal.ONE);
        assertField(() -> QuoteLine.catalog(EUR, UUID.randomUUID(), 1, UUID.randomUUID(), UUID.randomUUID(), null,
                usdPrice, null), QuoteCurrencyException.class, "productId");
        assertField(() -> QuoteLine.writeIn(EUR, UUID.randomUUID(), 1, "x", BigDecimal.ONE, Money.of("1.00", "USD"), null),
                QuoteCurrencyException.class, "pricePerUnit.currency");
        assertField(() -> QuoteLine.writeIn(EUR, UUID.randomUUID(), 1, "x", BigDecimal.ONE, Money.of("1.00", "EUR"),
                Money.of("0.10", "USD")), QuoteCurrencyException.class, "manualDiscount.currency");
        assertField(() -> draft("EUR").withDetails(new Quote.Details("x", null, NEXT_MONTH, Money.of("1", "JPY")), NOW),
                QuoteCurrencyException.class, "discount.currency");
    }

    @Test
    void badLineValuesAreRefusedNamingTheField() {
        for (String quantity : List.of("0", "-1", "0.00000000001", "123456789012345678901")) {
            assertField(() -> QuoteLine.writeIn(EUR, UUID.randomUUID(), 1, "x", new BigDecimal(quantity),
                    Money.of("1.00", "EUR"), null), InvalidQuoteException.class, "quantity");
        }
        assertField(() -> QuoteLine.writeIn(EUR, UUID.randomUUID(), 1, "x", null, Money.of("1.00", "EUR"), null),
                InvalidQuoteException.class, "quantity");
        assertField(() -> QuoteLine.writeIn(EUR, UUID.randomUUID(), 1, "x", BigDecimal.ONE, Money.of("-1.00", "EUR"), null),
                InvalidQuoteException.class, "pricePerUnit");
        assertField(() -> QuoteLine.writeIn(EUR, UUID.randomUUID(), 1, "x", BigDecimal.ONE, null, null),
                InvalidQuoteException.class, "pricePerUnit");
        assertField(() -> QuoteLine.writeIn(EUR, UUID.randomUUID(), 1, " ", BigDecimal.ONE, Money.of("1.00", "EUR"), null),
                InvalidQuoteException.class, "description");
        assertField(() -> QuoteLine.writeIn(EUR, UUID.randomUUID(), 1, "x", BigDecimal.ONE, Money.of("1.00", "EUR"),
                Money.of("-0.01", "EUR")), InvalidQuoteException.class, "manualDiscount");
        // the manual discount may take the line to zero (after the volume discount), never below
        DiscountList half = new DiscountList(DiscountType.PERCENTAGE,
                List.of(new DiscountBand(BigDecimal.ONE, null, new BigDecimal("50"))));
        LinePrice price = Pricing.priceLine(Money.of("10.00", "EUR"), BigDecimal.ONE, half, new BigDecimal("2"));
        QuoteLine toZero = QuoteLine.catalog(EUR, UUID.randomUUID(), 1, UUID.randomUUID(), UUID.randomUUID(), null, price,
                Money.of("10.00", "EUR"));
        assertThat(toZero.extendedAmount().isZero()).isTrue();
        assertField(() -> QuoteLine.catalog(EUR, UUID.randomUUID(), 1, UUID.randomUUID(), UUID.randomUUID(), null, price,
                Money.of("10.01", "EUR")), InvalidQuoteException.class, "manualDiscount");
        assertField(() -> draft("EUR").withDetails(new Quote.Details(" ", null, NEXT_MONTH, null), NOW),
                InvalidQuoteException.class, "name");
        assertField(() -> draft("EUR").withDetails(new Quote.Details("x", null, LocalDate.of(2026, 11, 25), null), NOW),
                InvalidQuoteException.class, "validUntil");
        assertField(() -> draft("EUR").withDetails(new Quote.Details("x", null, null, null), NOW),
                InvalidQuoteException.class, "validUntil");
        assertField(() -> draft("EUR").withDetails(new Quote.Details("x", null, NEXT_MONTH, Money.of("-1", "EUR")), NOW),
                InvalidQuoteException.class, "discount");
        // today is still valid
        assertThat(draft("EUR").withDetails(new Quote.Details("x", null, LocalDate.of(2026, 11, 26), null), NOW)
                .validUntil()).isEqualTo(LocalDate.of(2026, 11, 26));
    }

    private static void assertField(Runnable action, Class<? extends RuntimeException> type, String field) {
        assertThatThrownBy(action::run).isInstanceOf(type).satisfies(e -> assertThat(
                e instanceof InvalidQuoteException invalid ? invalid.field() : ((QuoteCurrencyException) e).field())
                .isEqualTo(field));
    }
}
