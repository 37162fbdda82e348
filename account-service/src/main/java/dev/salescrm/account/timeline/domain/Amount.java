package dev.salescrm.account.timeline.domain;

import java.util.Objects;

/**
 * An amount of money exactly as the event that reported it carried it (a decimal string and an
 * ISO 4217 code): the timeline repeats what billing or the sales team recorded, it does not
 * recompute or round it.
 */
public record Amount(String amount, String currency) {

    public Amount {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    @Override
    public String toString() {
        return amount + " " + currency;
    }
}
