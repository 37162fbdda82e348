package dev.salescrm.opportunity.quote;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.salescrm.opportunity.opportunity.OpportunityService;
import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.opportunity.opportunity.domain.OpportunityStatus;
import dev.salescrm.opportunity.quote.domain.Quote;
import dev.salescrm.opportunity.quote.domain.QuoteLine;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.IllegalTransitionException;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.NotFoundException;

/**
 * Writing a quote: drafting it for an open opportunity, changing its details, adding, changing and
 * removing lines (catalog lines priced from the replica). Only drafts change. Each change is one
 * transaction that locks the opportunity first, then writes the quote with its recomputed totals
 * over the version it was read at.
 */
@Service
class QuoteDrafting {

    private final QuoteService quotes;
    private final QuoteRepository repository;
    private final OpportunityService opportunities;
    private final QuotePricing pricing;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    QuoteDrafting(QuoteService quotes, QuoteRepository repository, OpportunityService opportunities, QuotePricing pricing,
                  TransactionalOperator tx) {
        this.quotes = quotes;
        this.repository = repository;
        this.opportunities = opportunities;
        this.pricing = pricing;
        this.tx = tx;
    }

    /** What a seller gives for a new quote; {@code currency} only counts when the opportunity has none. */
    record NewQuote(String name, UUID priceListId, LocalDate validUntil, String description, Money discount,
                    Currency currency) {
    }

    /** A catalog line ({@code productId} and {@code unitId}) or a write-in ({@code description}, {@code pricePerUnit}). */
    record NewLine(UUID productId, UUID unitId, String description, BigDecimal quantity, Money pricePerUnit,
                   Money manualDiscount) {
    }

    /** A quote after a line was added, and that line's id. */
    record QuoteWithLine(Quote quote, UUID lineId) {
    }

    /**
     * Drafts a quote (revision 0) for an open opportunity the caller may see, in the currency of the
     * opportunity's estimated revenue.
     */
    Mono<Quote> create(UUID opportunityId, NewQuote request, CurrentUser caller) {
        return opportunities.lock(opportunityId)
                .filter(opportunity -> OpportunityService.visibleTo(opportunity, caller))
                .switchIfEmpty(Mono.error(new NotFoundException("opportunity", opportunityId)))
                .flatMap(opportunity -> {
                    if (opportunity.status() != OpportunityStatus.OPEN) {
                        return Mono.error(new IllegalTransitionException("opportunity", opportunityId,
                                opportunity.status().name() + "/" + opportunity.stage().name(), "quote",
                                "a quote is drafted for an open opportunity; this one is " + opportunity.status()));
                    }
                    Quote draft = Quote.draft(Ids.newId(), opportunityId, request.priceListId(),
                            currencyOf(opportunity, request.currency()), new Quote.Details(request.name(),
                                    request.description(), request.validUntil(), request.discount()), caller.id(), now());
                    return repository.insert(draft).thenReturn(draft);
                })
                .onErrorMap(QuoteErrors.translate(null, "create"))
                .as(tx::transactional);
    }

    Mono<Quote> changeDetails(UUID id, String ifMatch, QuotePatches.QuoteChanges changes, CurrentUser caller) {
        return quotes.forChange(id, ifMatch, caller)
                .flatMap(found -> {
                    Quote changed = found.quote().withDetails(changes.applyTo(found.quote()), now());
                    return repository.update(changed).thenReturn(changed);
                })
                .onErrorMap(QuoteErrors.translate(id, "change"))
                .as(tx::transactional);
    }

    Mono<QuoteWithLine> addLine(UUID id, String ifMatch, NewLine line, CurrentUser caller) {
        UUID lineId = Ids.newId();
        return quotes.forChange(id, ifMatch, caller)
                .flatMap(found -> {
                    Quote quote = found.quote();
                    quote.requireEditable("add a line to");
                    int number = quote.nextLineNumber();
                    Mono<QuoteLine> priced = line.productId() != null
                            ? pricing.catalogLine(quote, lineId, number, line.productId(), line.unitId(), line.description(),
                                    line.quantity(), line.manualDiscount())
                            : pricing.writeInLine(quote, lineId, number, line.description(), line.quantity(),
                                    line.pricePerUnit(), line.manualDiscount());
                    return priced.flatMap(added -> {
                        Quote changed = quote.withLine(added, now());
                        return repository.update(changed).then(repository.insertLine(id, added))
                                .thenReturn(new QuoteWithLine(changed, lineId));
                    });
                })
                .onErrorMap(QuoteErrors.translate(id, "add a line to"))
                .as(tx::transactional);
    }

    /** A new quantity, manual discount or description; a catalog line is priced again from the replica. */
    Mono<Quote> changeLine(UUID id, UUID lineId, String ifMatch, QuotePatches.LineChanges changes, CurrentUser caller) {
        return quotes.forChange(id, ifMatch, caller)
                .flatMap(found -> {
                    Quote quote = found.quote();
                    quote.requireEditable("change a line of");
                    QuoteLine line = quote.line(lineId).orElseThrow(() -> new NotFoundException("quote line", lineId));
                    Mono<QuoteLine> repriced;
                    if (line.isWriteIn()) {
                        repriced = pricing.writeInLine(quote, lineId, line.lineNumber(), changes.description(line),
                                changes.quantity(line), changes.pricePerUnit(line), changes.manualDiscount(line));
                    } else if (changes.changesPricePerUnit()) {
                        return Mono.error(new InvalidRequestException("pricePerUnit",
                                "a catalog line is priced from the quote's price list"));
                    } else {
                        repriced = pricing.catalogLine(quote, lineId, line.lineNumber(), line.productId(), line.unitId(),
                                changes.description(line), changes.quantity(line), changes.manualDiscount(line));
                    }
                    return repriced.flatMap(changedLine -> {
                        Quote changed = quote.withChangedLine(changedLine, now());
                        return repository.update(changed).then(repository.updateLine(id, changedLine)).thenReturn(changed);
                    });
                })
                .onErrorMap(QuoteErrors.translate(id, "change a line of"))
                .as(tx::transactional);
    }

    Mono<Quote> removeLine(UUID id, UUID lineId, String ifMatch, CurrentUser caller) {
        return quotes.forChange(id, ifMatch, caller)
                .flatMap(found -> {
                    Quote quote = found.quote();
                    quote.requireEditable("remove a line from");
                    if (quote.line(lineId).isEmpty()) {
                        return Mono.error(new NotFoundException("quote line", lineId));
                    }
                    Quote changed = quote.withoutLine(lineId, now());
                    return repository.update(changed).then(repository.deleteLine(id, lineId)).thenReturn(changed);
                })
                .onErrorMap(QuoteErrors.translate(id, "remove a line from"))
                .as(tx::transactional);
    }

    /**
     * The quote's currency is the opportunity's (its estimated revenue's). Only an opportunity without
     * estimated revenue takes the currency the request names; naming another one is a 422.
     */
    private static Currency currencyOf(Opportunity opportunity, Currency requested) {
        Money revenue = opportunity.estimatedRevenue();
        if (revenue != null) {
            if (requested != null && !requested.equals(revenue.currency())) {
                throw UnprocessableQuoteException.currencyMismatch("currency", "is " + requested.getCurrencyCode()
                        + "; the opportunity's estimated revenue, and so its quotes, are in "
                        + revenue.currency().getCurrencyCode());
            }
            return revenue.currency();
        }
        if (requested == null) {
            throw new InvalidRequestException("currency",
                    "is required: the opportunity has no estimated revenue to take the quote's currency from");
        }
        return requested;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
