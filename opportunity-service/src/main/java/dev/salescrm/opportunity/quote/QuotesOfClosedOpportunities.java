package dev.salescrm.opportunity.quote;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import dev.salescrm.opportunity.opportunity.OpportunityCloseEffects;
import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.opportunity.opportunity.domain.OpportunityStatus;
import dev.salescrm.opportunity.quote.domain.Quote;
import dev.salescrm.opportunity.quote.domain.QuoteStatusReason;
import dev.salescrm.platform.outbox.OutboxWriter;

/**
 * When an opportunity is won or lost, its drafts and active quotes are closed (OPPORTUNITY_WON or
 * OPPORTUNITY_LOST), each announced with {@code crm.quote.closed.v1}, in the opportunity's
 * transaction. A quote accepted just before, in the same transaction, is WON and so left alone.
 */
@Component
class QuotesOfClosedOpportunities implements OpportunityCloseEffects {

    private final QuoteRepository quotes;
    private final OutboxWriter outbox;

    QuotesOfClosedOpportunities(QuoteRepository quotes, OutboxWriter outbox) {
        this.quotes = quotes;
        this.outbox = outbox;
    }

    @Override
    public Mono<Void> opportunityClosed(Opportunity closed, String actor) {
        QuoteStatusReason reason = closed.status() == OpportunityStatus.WON
                ? QuoteStatusReason.OPPORTUNITY_WON : QuoteStatusReason.OPPORTUNITY_LOST;
        return quotes.findOpen(closed.id())
                .concatMap(open -> {
                    Quote quote = open.close(reason, closed.updatedAt());
                    return quotes.update(quote).then(outbox.append(QuoteEvents.closed(quote, actor)));
                })
                .then();
    }
}
