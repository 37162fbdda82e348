package dev.salescrm.platform.money;

import java.util.Currency;

/** Two amounts in different currencies were combined; there is no implicit conversion. */
public class CurrencyMismatchException extends RuntimeException {

    private final Currency left;
    private final Currency right;

    public CurrencyMismatchException(Currency left, Currency right) {
        super("cannot combine " + left.getCurrencyCode() + " with " + right.getCurrencyCode());
        this.left = left;
        this.right = right;
    }

    public Currency left() {
        return left;
    }

    public Currency right() {
        return right;
    }
}
