package dev.salescrm.platform.money;

import java.math.BigDecimal;
import java.util.Currency;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void amountsAreHeldAtTheCurrencysMinorUnits() {
        assertThat(Money.of("1500", "JPY").amountString()).isEqualTo("1500");
        assertThat(Money.of("12.5", "USD").amountString()).isEqualTo("12.50");
        assertThat(Money.of("1.5", "BHD").amountString()).isEqualTo("1.500");
        assertThat(Money.of("0.1234", "KWD").amountString()).isEqualTo("0.123");
        assertThat(Money.of("7", "EUR").amount().scale()).isEqualTo(2);
    }

    @Test
    void roundingIsHalfEven() {
        assertThat(Money.of("2.345", "USD").amountString()).isEqualTo("2.34");
        assertThat(Money.of("2.355", "USD").amountString()).isEqualTo("2.36");
        assertThat(Money.of("2.5", "JPY").amountString()).isEqualTo("2");
        assertThat(Money.of("3.5", "JPY").amountString()).isEqualTo("4");
        assertThat(Money.of("-2.345", "USD").amountString()).isEqualTo("-2.34");
        assertThat(Money.of("1.0005", "KWD").amountString()).isEqualTo("1.000");
        assertThat(Money.of("1.0015", "KWD").amountString()).isEqualTo("1.002");
    }

    @Test
    void rialAmountsInTheBillionsStayExact() {
        Money price = Money.of("1250000000.00", "IRR");
        Money total = price.times(new BigDecimal("3")).plus(Money.of("0.01", "IRR"));
        assertThat(total.amountString()).isEqualTo("3750000000.01");
        Money big = Money.of("987654321987654321.99", "IRR");
        assertThat(big.plus(Money.of("0.01", "IRR")).amountString()).isEqualTo("987654321987654322.00");
    }

    @Test
    void arithmetic() {
        Money a = Money.of("10.00", "USD");
        Money b = Money.of("2.50", "USD");
        assertThat(a.plus(b)).isEqualTo(Money.of("12.50", "USD"));
        assertThat(b.minus(a)).isEqualTo(Money.of("-7.50", "USD"));
        assertThat(b.minus(a).isNegative()).isTrue();
        assertThat(a.isNegative()).isFalse();
        assertThat(b.times(new BigDecimal("2.5"))).isEqualTo(Money.of("6.25", "USD"));
        // 3 x 0.335 = 1.005 -> half-even to 1.00
        assertThat(Money.of("0.335", "KWD").times(new BigDecimal("3"))).isEqualTo(Money.of("1.005", "KWD"));
        assertThat(Money.of("1.00", "USD").times(new BigDecimal("1.005"))).isEqualTo(Money.of("1.00", "USD"));
        assertThat(Money.of("200.00", "USD").percent(new BigDecimal("12.5"))).isEqualTo(Money.of("25.00", "USD"));
        assertThat(Money.of("0.10", "USD").percent(new BigDecimal("25"))).isEqualTo(Money.of("0.02", "USD"));
        assertThat(Money.zero(Currency.getInstance("JPY")).isZero()).isTrue();
        assertThat(Money.zero("USD").amountString()).isEqualTo("0.00");
    }

    @Test
    void comparisonAndEqualityIgnoreTheInputScale() {
        assertThat(Money.of("1", "USD")).isEqualTo(Money.of("1.000", "USD"));
        assertThat(Money.of("1.01", "USD").isGreaterThan(Money.of("1", "USD"))).isTrue();
        assertThat(Money.of("0.99", "USD").isLessThan(Money.of("1", "USD"))).isTrue();
        assertThat(Money.of("5", "USD").compareTo(Money.of("5.00", "USD"))).isZero();
    }

    @Test
    void currenciesNeverMix() {
        Money usd = Money.of("1.00", "USD");
        Money eur = Money.of("1.00", "EUR");
        assertThatThrownBy(() -> usd.plus(eur)).isInstanceOf(CurrencyMismatchException.class)
                .hasMessageContaining("USD").hasMessageContaining("EUR");
        assertThatThrownBy(() -> usd.minus(eur)).isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> usd.compareTo(eur)).isInstanceOf(CurrencyMismatchException.class);
    }

    @Test
    void rejectsWhatIsNotMoney() {
        assertThatThrownBy(() -> Money.of("1e3", "USD")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of("1,000.00", "USD")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of(" 1", "USD")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of("1", "ABC")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of("1", "usd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of("1", "XAU")).isInstanceOf(IllegalArgumentException.class);
    }
}
