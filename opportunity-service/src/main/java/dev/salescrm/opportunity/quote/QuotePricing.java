package dev.salescrm.opportunity.quote;

import java.math.BigDecimal;
import java.util.UUID;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.salescrm.catalog.pricing.replica.PriceReplica;
import dev.salescrm.opportunity.quote.domain.Quote;
import dev.salescrm.opportunity.quote.domain.QuoteLine;
import dev.salescrm.platform.money.Money;

/**
 * Prices the lines of a quote. A catalog line is priced by the local price replica
 * ({@link PriceReplica#priceLine}: the catalog's own pricing function over the replicated price of
 * the product in that unit on the quote's price list), so a quote line, the catalog and billing can
 * never disagree. There is no pricing arithmetic here.
 */
@Component
class QuotePricing {

    private final PriceReplica replica;

    QuotePricing(PriceReplica replica) {
        this.replica = replica;
    }

    /**
     * A catalog line of {@code quantity} units at the quote's price list's price.
     *
     * @return an error {@link UnprocessableQuoteException} when the list has no price for the product
     *         in that unit; the domain's refusals otherwise (quantity, discount, currency)
     */
    Mono<QuoteLine> catalogLine(Quote quote, UUID lineId, int lineNumber, UUID productId, UUID unitId,
                                String description, BigDecimal quantity, Money manualDiscount) {
        return Mono.fromRunnable(() -> QuoteLine.requireQuantity(quantity))
                .then(replica.priceLine(quote.priceListId(), productId, unitId, quantity))
                .switchIfEmpty(Mono.error(() -> UnprocessableQuoteException.noPrice(quote.priceListId().toString())))
                .map(price -> QuoteLine.catalog(quote.currency(), lineId, lineNumber, productId, unitId, description, price,
                        manualDiscount));
    }

    /** A write-in line: the seller's price per unit, through the same pricing function (no volume discount). */
    Mono<QuoteLine> writeInLine(Quote quote, UUID lineId, int lineNumber, String description, BigDecimal quantity,
                                Money pricePerUnit, Money manualDiscount) {
        return Mono.fromCallable(() -> QuoteLine.writeIn(quote.currency(), lineId, lineNumber, description, quantity,
                pricePerUnit, manualDiscount));
    }
}
