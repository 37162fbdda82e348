package dev.salescrm.billing.invoice.domain;

import dev.salescrm.platform.money.Money;

/**
 * A payment larger than what is still owed: refused whole (nothing is recorded), since money over
 * the total would have no invoice to belong to. The HTTP adapter answers 409 with the balance.
 */
public class Overpayment extends RuntimeException {

    private final Money amount;
    private final Money balance;

    public Overpayment(String invoiceNumber, Money amount, Money balance) {
        super("a payment of " + amount + " exceeds the balance of invoice " + invoiceNumber + ", " + balance);
        this.amount = amount;
        this.balance = balance;
    }

    public Money amount() {
        return amount;
    }

    public Money balance() {
        return balance;
    }
}
