package dev.salescrm.opportunity.quote;

import java.util.UUID;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import dev.salescrm.opportunity.opportunity.OpportunityService;
import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.opportunity.quote.domain.Quote;
import dev.salescrm.opportunity.quote.domain.QuoteStatus;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.Cursor;
import dev.salescrm.platform.web.ETags;
import dev.salescrm.platform.web.NotFoundException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * Reading quotes, and deciding which ones the caller may see: a quote follows its opportunity. A
 * sales rep sees the quotes of their own opportunities only; any other quote is "not found" to
 * them. Also the common first step of every change: the quote with its opportunity locked.
 */
@Service
class QuoteService {

    private final QuoteRepository quotes;
    private final OpportunityService opportunities;

    QuoteService(QuoteRepository quotes, OpportunityService opportunities) {
        this.quotes = quotes;
        this.opportunities = opportunities;
    }

    Mono<Quote> get(UUID id, CurrentUser caller) {
        return quotes.findById(id)
                .filterWhen(quote -> opportunities.findVisible(quote.opportunityId(), caller).hasElement())
                .switchIfEmpty(Mono.error(new NotFoundException("quote", id)));
    }

    /** The opportunity's quotes, newest first; the opportunity must be visible to the caller. */
    Mono<Page<Quote>> listOfOpportunity(UUID opportunityId, QuoteStatus status, PageRequest page, CurrentUser caller) {
        return opportunities.get(opportunityId, caller)
                .flatMap(opportunity -> quotes.findPage(opportunityId, status, page).collectList())
                .map(rows -> Page.of(rows, page, quote -> Cursor.of(quote.id())));
    }

    /** A quote about to change, with its opportunity as it is now (its row locked). */
    record QuoteInOpportunity(Quote quote, Opportunity opportunity) {
    }

    /**
     * The first step of every change, inside the change's transaction: locks the quote's opportunity
     * (see {@link OpportunityService#lock}), then reads the quote — so it is the latest committed
     * version — and checks {@code If-Match} against it.
     */
    Mono<QuoteInOpportunity> forChange(UUID id, String ifMatch, CurrentUser caller) {
        return quotes.findOpportunityId(id)
                .flatMap(opportunities::lock)
                .filter(opportunity -> OpportunityService.visibleTo(opportunity, caller))
                .flatMap(opportunity -> quotes.findById(id).map(quote -> new QuoteInOpportunity(quote, opportunity)))
                .switchIfEmpty(Mono.error(new NotFoundException("quote", id)))
                .doOnNext(found -> ETags.requireMatch(ifMatch, found.quote().version()));
    }
}
