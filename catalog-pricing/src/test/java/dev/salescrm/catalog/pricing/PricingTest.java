package dev.salescrm.catalog.pricing;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.salescrm.platform.money.Money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PricingTest {

    static final Currency USD = Currency.getInstance("USD");
    static final Currency JPY = Currency.getInstance("JPY");
    static final Currency KWD = Currency.getInstance("KWD");
    static final Currency BHD = Currency.getInstance("BHD");
    static final Currency IRR = Currency.getInstance("IRR");

    static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    static Money listPrice(Currency currency, String amount, RoundingPolicy policy, String multiple) {
        return Pricing.listPrice(currency,
                PriceDefinition.amount(d(amount), Rounding.of(policy, multiple == null ? null : d(multiple))), null);
    }

    @Nested
    class PricingMethods {

        @Test
        void aCurrencyAmountIsTheListPriceAtTheCurrencysMinorUnits() {
            assertThat(listPrice(USD, "19.9", RoundingPolicy.NONE, null)).isEqualTo(Money.of("19.90", "USD"));
            assertThat(listPrice(JPY, "1500", RoundingPolicy.NONE, null).amountString()).isEqualTo("1500");
            assertThat(listPrice(KWD, "12.345", RoundingPolicy.NONE, null).amountString()).isEqualTo("12.345");
        }

        @Test
        void percentOfListTakesThatShareOfTheBaseListsPrice() {
            Money base = Money.of("200.00", "USD");
            Money price = Pricing.listPrice(USD, PriceDefinition.percentOfList(d("85"), null), base);
            assertThat(price).isEqualTo(Money.of("170.00", "USD"));
            // 33.3 % of 10.00 = 3.33 exactly; 33.35 % of 10.00 = 3.335 → half-even 3.34 (minor units)
            assertThat(Pricing.listPrice(USD, PriceDefinition.percentOfList(d("33.35"), null), Money.of("10.00", "USD")))
                    .isEqualTo(Money.of("3.34", "USD"));
            assertThat(Pricing.listPrice(USD, PriceDefinition.percentOfList(d("33.25"), null), Money.of("10.00", "USD")))
                    .isEqualTo(Money.of("3.32", "USD"));
        }

        @Test
        void percentOfListIsRoundedByTheItemsRule() {
            Money price = Pricing.listPrice(IRR, PriceDefinition.percentOfList(d("90"),
                    new Rounding(RoundingPolicy.UP, d("1000"))), Money.of("1234567", "IRR"));
            assertThat(price.amountString()).isEqualTo("1112000.00"); // 1 111 110.30 up to a thousand (IRR has 2 minor units in ISO 4217)
        }

        @Test
        void percentOfListNeedsABasePriceInTheSameCurrency() {
            PriceDefinition def = PriceDefinition.percentOfList(d("90"), null);
            assertThatThrownBy(() -> Pricing.listPrice(USD, def, null))
                    .isInstanceOfSatisfying(PricingException.class, e -> assertThat(e.field()).isEqualTo("basePriceListId"));
            assertThatThrownBy(() -> Pricing.listPrice(USD, def, Money.of("10", "EUR")))
                    .isInstanceOfSatisfying(PricingException.class, e -> assertThat(e.field()).isEqualTo("basePriceListId"));
        }

        @Test
        void aDefinitionIsCompleteAndNotNegative() {
            assertThatThrownBy(() -> PriceDefinition.amount(d("-0.01"), null))
                    .isInstanceOfSatisfying(PricingException.class, e -> assertThat(e.field()).isEqualTo("amount"));
            assertThatThrownBy(() -> PriceDefinition.amount(null, null))
                    .isInstanceOfSatisfying(PricingException.class, e -> assertThat(e.field()).isEqualTo("amount"));
            assertThatThrownBy(() -> PriceDefinition.percentOfList(d("-5"), null))
                    .isInstanceOfSatisfying(PricingException.class, e -> assertThat(e.field()).isEqualTo("percent"));
            assertThatThrownBy(() -> new PriceDefinition(PricingMethod.PERCENT_OF_LIST, d("1"), d("5"), null))
                    .isInstanceOfSatisfying(PricingException.class, e -> assertThat(e.field()).isEqualTo("amount"));
            // more decimals than the currency has is refused, not silently rounded
            assertThatThrownBy(() -> listPrice(JPY, "100.5", RoundingPolicy.NONE, null))
                    .isInstanceOfSatisfying(PricingException.class, e -> assertThat(e.field()).isEqualTo("amount"));
        }
    }

    @Nested
    class RoundingRules {

        @ParameterizedTest(name = "{0} {1} {2} to {3} → {4}")
        @CsvSource(nullValues = "null", value = {
                // policy, currency, amount, multiple, expected
                "NONE,    USD, 12.34,   null, 12.34",
                "UP,      USD, 12.341,  null, 12.35",   // minor unit by default
                "DOWN,    USD, 12.349,  null, 12.34",
                "NEAREST, USD, 12.345,  null, 12.35",   // half-way goes up
                "UP,      USD, 12.01,   0.05, 12.05",
                "UP,      USD, 12.05,   0.05, 12.05",   // on a multiple: unchanged
                "DOWN,    USD, 12.09,   0.05, 12.05",
                "DOWN,    USD, 12.10,   0.05, 12.10",
                "NEAREST, USD, 12.07,   0.05, 12.05",
                "NEAREST, USD, 12.08,   0.05, 12.10",
                "NEAREST, USD, 12.075,  0.05, 12.10",   // exactly half-way: up
                "UP,      USD, 0.00,    1,    0.00",
                "NEAREST, USD, 99.50,   1,    100.00",
                "UP,      USD, 101,     100,  200.00",
                "UP,      JPY, 1201,    100,  1300",
                "DOWN,    JPY, 1299,    100,  1200",
                "NEAREST, JPY, 1250,    100,  1300",
                "NEAREST, KWD, 1.2345,  null, 1.235",
                "UP,      KWD, 1.2341,  0.005, 1.235",
                "DOWN,    BHD, 7.4999,  0.010, 7.490",
                "UP,      IRR, 2500000001, 10000, 2500010000.00",
        })
        void roundsToAMultiple(RoundingPolicy policy, String currency, String amount, String multiple, String expected) {
            // the rule on the exact computed amount (e.g. a percentage of a base price), then the minor units
            Currency cur = Currency.getInstance(currency);
            Rounding rounding = Rounding.of(policy, multiple == null ? null : d(multiple));
            Money price = new Money(rounding.apply(d(amount), cur), cur);
            assertThat(price.amountString()).isEqualTo(expected);
        }

        @Test
        void aMultipleFinerThanTheCurrencyOrNotPositiveIsRefused() {
            assertThatThrownBy(() -> listPrice(USD, "1.00", RoundingPolicy.UP, "0.001"))
                    .isInstanceOfSatisfying(PricingException.class, e -> assertThat(e.field()).isEqualTo("rounding.multiple"));
            assertThatThrownBy(() -> listPrice(JPY, "100", RoundingPolicy.UP, "0.5"))
                    .isInstanceOfSatisfying(PricingException.class, e -> assertThat(e.field()).isEqualTo("rounding.multiple"));
            assertThatThrownBy(() -> new Rounding(RoundingPolicy.UP, d("0")))
                    .isInstanceOfSatisfying(PricingException.class, e -> assertThat(e.field()).isEqualTo("rounding.multiple"));
            assertThatThrownBy(() -> new Rounding(RoundingPolicy.NONE, d("5")))
                    .isInstanceOfSatisfying(PricingException.class, e -> assertThat(e.field()).isEqualTo("rounding.multiple"));
        }
    }

    @Nested
    class DiscountBands {

        // [10, 50) → 5 %, [50, 100) → 10 %, [100, ∞) → 15 %; below 10 nothing
        final DiscountList percentBands = new DiscountList(DiscountType.PERCENTAGE, List.of(
                new DiscountBand(d("10"), d("50"), d("5")),
                new DiscountBand(d("50"), d("100"), d("10")),
                new DiscountBand(d("100"), null, d("15"))));

        LinePrice line(String quantity) {
            return Pricing.priceLine(Money.of("10.00", "USD"), BigDecimal.ONE, percentBands, d(quantity));
        }

        @ParameterizedTest(name = "{0} units → discount {1}")
        @CsvSource({
                "1,      0.00",    // below the first band
                "9.99,   0.00",    // just below a lower bound
                "10,     5.00",    // lower bound is inclusive: 100.00 × 5 %
                "49,     24.50",
                "49.99,  24.995",  // still the first band (upper bound exclusive)
                "50,     50.00",   // the upper bound belongs to the next band
                "99.999, 99.999",
                "100,    150.00",
                "1000000, 1500000.00", // open-ended last band
        })
        void theBandIsChosenFromInclusiveToExclusive(String quantity, String expectedDiscount) {
            LinePrice line = line(quantity);
            Money expected = new Money(d(expectedDiscount), USD);
            assertThat(line.volumeDiscount()).isEqualTo(expected);
            assertThat(line.extendedAmount()).isEqualTo(line.grossAmount().minus(expected));
        }

        @Test
        void aGapBetweenBandsGivesNoDiscount() {
            DiscountList gapped = new DiscountList(DiscountType.PERCENTAGE, List.of(
                    new DiscountBand(d("1"), d("5"), d("2")), new DiscountBand(d("10"), null, d("4"))));
            assertThat(Pricing.priceLine(Money.of("1.00", "USD"), BigDecimal.ONE, gapped, d("7")).volumeDiscount().isZero())
                    .isTrue();
        }

        @Test
        void bandsAreMeasuredInBaseUnits() {
            // a 10-pack at 90.00: 5 packs are 50 seats → the 10 % band, not the "5" of no band
            LinePrice packs = Pricing.priceLine(Money.of("90.00", "USD"), d("10"), percentBands, d("5"));
            assertThat(packs.grossAmount()).isEqualTo(Money.of("450.00", "USD"));
            assertThat(packs.volumeDiscount()).isEqualTo(Money.of("45.00", "USD"));
            assertThat(packs.extendedAmount()).isEqualTo(Money.of("405.00", "USD"));
        }

        @Test
        void anAmountDiscountIsPerUnitAndNeverTakesTheLineBelowZero() {
            DiscountList amounts = new DiscountList(DiscountType.AMOUNT, List.of(
                    new DiscountBand(d("0"), d("10"), d("1.50")), new DiscountBand(d("10"), null, d("50"))));
            LinePrice few = Pricing.priceLine(Money.of("10.00", "USD"), BigDecimal.ONE, amounts, d("4"));
            assertThat(few.volumeDiscount()).isEqualTo(Money.of("6.00", "USD"));
            assertThat(few.extendedAmount()).isEqualTo(Money.of("34.00", "USD"));
            LinePrice many = Pricing.priceLine(Money.of("10.00", "USD"), BigDecimal.ONE, amounts, d("10"));
            assertThat(many.volumeDiscount()).isEqualTo(Money.of("100.00", "USD"));
            assertThat(many.extendedAmount().isZero()).isTrue();
        }

        @Test
        void badBandsAreRefusedNamingTheBand() {
            assertThatThrownBy(() -> new DiscountList(DiscountType.PERCENTAGE, List.of(
                    new DiscountBand(d("1"), d("10"), d("5")), new DiscountBand(d("9"), null, d("6")))))
                    .isInstanceOfSatisfying(PricingException.class,
                            e -> assertThat(e.field()).isEqualTo("discount.bands[1].fromQuantity"));
            assertThatThrownBy(() -> new DiscountList(DiscountType.PERCENTAGE, List.of(
                    new DiscountBand(d("1"), null, d("5")), new DiscountBand(d("9"), null, d("6")))))
                    .isInstanceOfSatisfying(PricingException.class,
                            e -> assertThat(e.field()).isEqualTo("discount.bands[0].toQuantity"));
            assertThatThrownBy(() -> new DiscountList(DiscountType.PERCENTAGE, List.of(new DiscountBand(d("1"), d("1"), d("5")))))
                    .isInstanceOfSatisfying(PricingException.class,
                            e -> assertThat(e.field()).isEqualTo("discount.bands[0].toQuantity"));
            assertThatThrownBy(() -> new DiscountList(DiscountType.PERCENTAGE, List.of(new DiscountBand(d("1"), null, d("100.01")))))
                    .isInstanceOfSatisfying(PricingException.class,
                            e -> assertThat(e.field()).isEqualTo("discount.bands[0].value"));
            assertThatThrownBy(() -> new DiscountList(DiscountType.AMOUNT, List.of(new DiscountBand(d("-1"), null, d("1")))))
                    .isInstanceOfSatisfying(PricingException.class,
                            e -> assertThat(e.field()).isEqualTo("discount.bands[0].fromQuantity"));
            assertThatThrownBy(() -> new DiscountList(DiscountType.AMOUNT, List.of()))
                    .isInstanceOfSatisfying(PricingException.class, e -> assertThat(e.field()).isEqualTo("discount.bands"));
        }
    }

    @Nested
    class Currencies {

        @Test
        void irrInTheBillionsStaysExact() {
            Money unit = listPrice(IRR, "2750000000", RoundingPolicy.NONE, null);
            DiscountList bands = new DiscountList(DiscountType.PERCENTAGE, List.of(new DiscountBand(d("100"), null, d("7.5"))));
            LinePrice line = Pricing.priceLine(unit, BigDecimal.ONE, bands, d("1234"));
            assertThat(line.grossAmount().amountString()).isEqualTo("3393500000000.00");
            assertThat(line.volumeDiscount().amountString()).isEqualTo("254512500000.00");
            assertThat(line.extendedAmount().amountString()).isEqualTo("3138987500000.00");
        }

        @Test
        void jpyHasNoMinorUnits() {
            LinePrice line = Pricing.priceLine(Money.of("333", "JPY"), BigDecimal.ONE,
                    new DiscountList(DiscountType.PERCENTAGE, List.of(new DiscountBand(d("1"), null, d("12.5")))), d("3"));
            assertThat(line.grossAmount().amountString()).isEqualTo("999");
            assertThat(line.volumeDiscount().amountString()).isEqualTo("125"); // 124.875 → 125
            assertThat(line.extendedAmount().amountString()).isEqualTo("874");
        }

        @Test
        void usdHasTwo() {
            LinePrice line = Pricing.priceLine(Money.of("0.10", "USD"), BigDecimal.ONE, null, d("0.5"));
            assertThat(line.grossAmount().amountString()).isEqualTo("0.05");
            assertThat(line.extendedAmount().amountString()).isEqualTo("0.05");
            assertThat(Pricing.priceLine(Money.of("0.05", "USD"), BigDecimal.ONE, null, d("0.5"))
                    .grossAmount().amountString()).isEqualTo("0.02"); // 0.025 half-even
        }

        @Test
        void kwdAndBhdHaveThree() {
            LinePrice kwd = Pricing.priceLine(Money.of("1.255", "KWD"), BigDecimal.ONE,
                    new DiscountList(DiscountType.PERCENTAGE, List.of(new DiscountBand(d("1"), null, d("10")))), d("3"));
            assertThat(kwd.grossAmount().amountString()).isEqualTo("3.765");
            assertThat(kwd.volumeDiscount().amountString()).isEqualTo("0.376"); // 0.3765 half-even
            assertThat(kwd.extendedAmount().amountString()).isEqualTo("3.389");
            LinePrice bhd = Pricing.priceLine(Money.of("0.333", "BHD"), BigDecimal.ONE, null, d("7"));
            assertThat(bhd.extendedAmount().amountString()).isEqualTo("2.331");
        }
    }

    @Test
    void aLineNeedsAPositiveQuantity() {
        assertThatThrownBy(() -> Pricing.priceLine(Money.of("1.00", "USD"), BigDecimal.ONE, null, d("0")))
                .isInstanceOfSatisfying(PricingException.class, e -> assertThat(e.field()).isEqualTo("quantity"));
    }

    @Test
    void theSameInputsAlwaysGiveTheSamePrice() {
        DiscountList bands = new DiscountList(DiscountType.PERCENTAGE, List.of(new DiscountBand(d("3"), null, d("3.3"))));
        LinePrice first = Pricing.priceLine(Money.of("19.99", "USD"), d("2"), bands, d("7"));
        for (int i = 0; i < 100; i++) {
            assertThat(Pricing.priceLine(Money.of("19.99", "USD"), d("2"), bands, d("7"))).isEqualTo(first);
        }
    }
}
