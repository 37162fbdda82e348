package dev.salescrm.opportunity.quote;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.opportunity.quote.domain.Quote;
import dev.salescrm.opportunity.quote.domain.QuoteLine;
import dev.salescrm.opportunity.quote.domain.QuoteTotals;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.outbox.OutboxEvent;

/**
 * The quote events other teams consume (billing-service creates the order from
 * {@code crm.quote.accepted.v1}). Public contract, written deliberately here (JSON Schemas in
 * contracts), on the opportunity's topic with the <em>opportunity id</em> as key, so that an
 * opportunity's quote events and its own events are one ordered story.
 */
final class QuoteEvents {

    /**
     * The outbox aggregate of quote events is the opportunity: the relay keeps one aggregate's rows
     * (by aggregate type and id) in commit order, so "quote accepted" is published before the
     * "opportunity won" it caused, and never after a later change of the opportunity.
     */
    static final String AGGREGATE = "opportunity";

    private QuoteEvents() {
    }

    /** A line as {@code common.json#/$defs/documentLine} describes it; no product for a write-in. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DocumentLine(UUID lineId, UUID productId, UUID unitId, String description, String quantity,
                        Money pricePerUnit, Money manualDiscount, Money extendedAmount) {

        static List<DocumentLine> of(List<QuoteLine> lines) {
            return lines.stream().map(l -> new DocumentLine(l.id(), l.productId(), l.unitId(), l.description(),
                    l.quantity().toPlainString(), l.pricePerUnit(), l.manualDiscount(), l.extendedAmount())).toList();
        }
    }

    /** {@code common.json#/$defs/documentTotals} (no tax on quotes). */
    record DocumentTotals(Money detailAmount, Money discountAmount, Money totalAmount) {

        static DocumentTotals of(QuoteTotals totals) {
            return new DocumentTotals(totals.detailAmount(), totals.discountAmount(), totals.totalAmount());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record QuoteActivatedV1(UUID quoteId, UUID opportunityId, String name, int revision, UUID priceListId,
                            LocalDate validUntil, List<DocumentLine> lines, DocumentTotals totals, long version,
                            Instant occurredAt, String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record QuoteAcceptedV1(UUID quoteId, UUID opportunityId, UUID orderId, UUID accountId, UUID contactId,
                           String ownerId, String name, int revision, UUID priceListId, List<DocumentLine> lines,
                           DocumentTotals totals, boolean closeOpportunity, long version, Instant occurredAt,
                           String actor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record QuoteClosedV1(UUID quoteId, UUID opportunityId, int revision, String reason, long version,
                         Instant occurredAt, String actor) {
    }

    static OutboxEvent activated(Quote quote, String actor) {
        var payload = new QuoteActivatedV1(quote.id(), quote.opportunityId(), quote.name(), quote.revision(),
                quote.priceListId(), quote.validUntil(), DocumentLine.of(quote.lines()), DocumentTotals.of(quote.totals()),
                quote.version(), quote.updatedAt(), actor);
        return OutboxEvent.of(Topics.OPPORTUNITY_EVENTS, AGGREGATE, quote.opportunityId(), EventTypes.QUOTE_ACTIVATED, payload);
    }

    /** Everything billing-service needs to create the order with {@code orderId}: customer, owner, lines, totals. */
    static OutboxEvent accepted(Quote quote, Opportunity opportunity, boolean closeOpportunity, String actor) {
        var payload = new QuoteAcceptedV1(quote.id(), quote.opportunityId(), quote.orderId(),
                opportunity.customer().accountId(), opportunity.customer().contactId(), opportunity.ownerId(), quote.name(),
                quote.revision(), quote.priceListId(), DocumentLine.of(quote.lines()), DocumentTotals.of(quote.totals()),
                closeOpportunity, quote.version(), quote.updatedAt(), actor);
        return OutboxEvent.of(Topics.OPPORTUNITY_EVENTS, AGGREGATE, quote.opportunityId(), EventTypes.QUOTE_ACCEPTED, payload);
    }

    /** The reason is the quote's status reason: LOST, CANCELED, REVISED, OPPORTUNITY_WON or OPPORTUNITY_LOST. */
    static OutboxEvent closed(Quote quote, String actor) {
        var payload = new QuoteClosedV1(quote.id(), quote.opportunityId(), quote.revision(), quote.statusReason().name(),
                quote.version(), quote.updatedAt(), actor);
        return OutboxEvent.of(Topics.OPPORTUNITY_EVENTS, AGGREGATE, quote.opportunityId(), EventTypes.QUOTE_CLOSED, payload);
    }
}
