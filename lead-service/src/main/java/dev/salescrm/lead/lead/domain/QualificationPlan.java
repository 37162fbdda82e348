package dev.salescrm.lead.lead.domain;

import java.time.LocalDate;
import java.util.UUID;

import dev.salescrm.platform.money.Money;

/**
 * What qualifying a lead should produce: an account and/or a contact (new, with an id allocated
 * now, or existing) and optionally a new opportunity for them.
 */
public record QualificationPlan(UUID accountId, boolean accountIsNew, UUID contactId, boolean contactIsNew,
                                NewOpportunity opportunity) {

    public record NewOpportunity(UUID opportunityId, String name, Money estimatedRevenue, LocalDate estimatedCloseDate) {
    }

    public QualificationPlan {
        if (accountId == null && contactId == null) {
            throw new IllegalArgumentException("qualifying a lead makes an account, a contact or both");
        }
    }
}
