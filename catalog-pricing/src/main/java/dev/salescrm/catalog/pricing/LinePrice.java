package dev.salescrm.catalog.pricing;

import java.math.BigDecimal;

import dev.salescrm.platform.money.Money;

/**
 * A priced line: {@code grossAmount = unitPrice × quantity}, {@code extendedAmount = grossAmount −
 * volumeDiscount}. All in the price list's currency, each rounded half-even to its minor units.
 */
public record LinePrice(Money unitPrice, BigDecimal quantity, Money grossAmount, Money volumeDiscount,
                        Money extendedAmount) {
}
