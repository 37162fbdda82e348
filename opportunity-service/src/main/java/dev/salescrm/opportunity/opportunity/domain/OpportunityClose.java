package dev.salescrm.opportunity.opportunity.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

import dev.salescrm.platform.money.Money;

/**
 * The opportunity-close record: how an opportunity was closed, once per close (a reopened and
 * closed-again opportunity has two), so the history survives a reopen.
 *
 * @param outcome       WON, or the reason it was lost (LOST, CANCELED, OUT_SOLD)
 * @param actualRevenue what the deal brought in (won only)
 * @param competitor    who won instead (lost only, optional)
 */
public record OpportunityClose(UUID id, UUID opportunityId, OpportunityStatusReason outcome, Money actualRevenue,
                               LocalDate actualCloseDate, String competitor, String note, String closedBy,
                               Instant closedAt) {

    public OpportunityClose {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(opportunityId, "opportunityId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(actualCloseDate, "actualCloseDate");
        if (outcome == OpportunityStatusReason.IN_PROGRESS) {
            throw new IllegalArgumentException("a close record is for a won or lost opportunity");
        }
        if (outcome == OpportunityStatusReason.WON && actualRevenue == null) {
            throw new IllegalArgumentException("a won opportunity records its actual revenue");
        }
        if (actualRevenue != null && actualRevenue.isNegative()) {
            throw new IllegalArgumentException("actual revenue must not be negative");
        }
    }
}
