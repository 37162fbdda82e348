package dev.salescrm.platform.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of one currency, always held at the currency's minor units (USD 2, JPY 0, KWD 3)
 * and rounded half-even (banker's rounding), so that sums of many lines do not drift upward.
 * Amounts of different currencies never mix: that throws {@link CurrencyMismatchException}.
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    /** Plain decimal notation only: no exponent, no grouping, no leading '+'. */
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,30}(\\.\\d{1,30})?");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        amount = amount.setScale(minorUnits(currency), RoundingMode.HALF_EVEN);
    }

    /**
     * Parses a decimal string ({@code "1250000.00"}) and an ISO 4217 code ({@code "IRR"}).
     *
     * @throws IllegalArgumentException if the amount is not a plain decimal or the code is unknown
     */
    public static Money of(String amount, String currencyCode) {
        return new Money(parseAmount(amount), currency(currencyCode));
    }

    public static Money of(BigDecimal amount, String currencyCode) {
        return new Money(amount, currency(currencyCode));
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public static Money zero(String currencyCode) {
        return zero(currency(currencyCode));
    }

    /** A plain decimal string, as money travels in JSON; no exponent, at most 30+30 digits. */
    public static BigDecimal parseAmount(String amount) {
        if (amount == null || !DECIMAL.matcher(amount).matches()) {
            throw new IllegalArgumentException("amount must be a decimal string such as \"1250.00\"");
        }
        return new BigDecimal(amount);
    }

    /** An ISO 4217 currency with minor units (not XAU, XXX and the like). */
    public static Currency currency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code such as \"EUR\"");
        }
        Currency currency;
        try {
            currency = Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency " + code + " is not an ISO 4217 code");
        }
        minorUnits(currency);
        return currency;
    }

    /** The currency's minor units: 2 for USD, 0 for JPY and IRR, 3 for KWD. */
    public static int minorUnits(Currency currency) {
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException("currency " + currency.getCurrencyCode() + " is not a money currency");
        }
        return digits;
    }

    /** Significant decimals of an amount: {@code "10.50"} has 1, {@code "10.505"} 3, {@code "100"} 0. */
    public static int decimals(BigDecimal amount) {
        return Math.max(0, amount.stripTrailingZeros().scale());
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    /** This amount times a quantity (e.g. a unit price times 2.5 seats), rounded once. */
    public Money times(BigDecimal quantity) {
        return new Money(amount.multiply(quantity), currency);
    }

    /** {@code percent} per cent of this amount (e.g. a 12.5 % discount), rounded once. */
    public Money percent(BigDecimal percent) {
        return new Money(amount.multiply(percent).divide(HUNDRED), currency);
    }

    public Money negate() {
        return new Money(amount.negate(), currency);
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean isGreaterThan(Money other) {
        return compareTo(other) > 0;
    }

    public boolean isLessThan(Money other) {
        return compareTo(other) < 0;
    }

    /** Orders amounts of one currency; comparing different currencies throws. */
    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    /** The amount as it travels: plain decimal, always with the currency's minor units. */
    public String amountString() {
        return amount.toPlainString();
    }

    private void requireSameCurrency(Money other) {
        Objects.requireNonNull(other, "other");
        if (!currency.equals(other.currency)) {
            throw new CurrencyMismatchException(currency, other.currency);
        }
    }

    @Override
    public String toString() {
        return amountString() + " " + currency.getCurrencyCode();
    }
}
