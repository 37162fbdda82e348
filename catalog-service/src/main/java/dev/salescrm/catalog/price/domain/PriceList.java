package dev.salescrm.catalog.price.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.UUID;

/** A price list: every price on it is in its currency; valid from/to (inclusive), either open. */
public record PriceList(UUID id, String name, Currency currency, LocalDate validFrom, LocalDate validTo, long version,
                        Instant createdAt) {
}
