package dev.salescrm.lead.lead;

import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import dev.salescrm.lead.lead.domain.QualificationPlan;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.web.InvalidRequestException;

/**
 * {@code POST /api/leads/{id}/qualify}: which account and contact the lead becomes — new ones
 * ({@code {"create": true}}) or existing ones ({@code {"existingId": "…"}}) — and optionally a new
 * opportunity for them.
 */
record QualificationRequest(@Valid Target account, @Valid Target contact, @Valid NewOpportunity opportunity) {

    /** Exactly one of {@code create: true} and {@code existingId}. */
    record Target(Boolean create, UUID existingId) {
    }

    record NewOpportunity(Boolean create, @Size(max = 300) String name, Money estimatedRevenue,
                          LocalDate estimatedCloseDate) {
    }

    /** The plan, with new ids allocated now so the client learns them in the 202. */
    QualificationPlan plan(Supplier<UUID> newId) {
        if (account == null && contact == null) {
            throw new InvalidRequestException("account", "qualifying a lead makes an account, a contact or both");
        }
        check(account, "account");
        check(contact, "contact");
        QualificationPlan.NewOpportunity newOpportunity = null;
        if (opportunity != null) {
            if (!Boolean.TRUE.equals(opportunity.create())) {
                throw new InvalidRequestException("opportunity.create", "must be true, or leave opportunity out");
            }
            if (opportunity.name() == null || opportunity.name().isBlank()) {
                throw new InvalidRequestException("opportunity.name", "an opportunity needs a name");
            }
            if (opportunity.estimatedRevenue() != null && opportunity.estimatedRevenue().isNegative()) {
                throw new InvalidRequestException("opportunity.estimatedRevenue", "must not be negative");
            }
            newOpportunity = new QualificationPlan.NewOpportunity(newId.get(), opportunity.name(),
                    opportunity.estimatedRevenue(), opportunity.estimatedCloseDate());
        }
        return new QualificationPlan(
                account == null ? null : account.existingId() != null ? account.existingId() : newId.get(),
                account != null && account.existingId() == null,
                contact == null ? null : contact.existingId() != null ? contact.existingId() : newId.get(),
                contact != null && contact.existingId() == null,
                newOpportunity);
    }

    private static void check(Target target, String field) {
        if (target == null) {
            return;
        }
        boolean create = Boolean.TRUE.equals(target.create());
        if (create == (target.existingId() != null)) {
            throw new InvalidRequestException(field, "give either \"create\": true or an \"existingId\"");
        }
    }
}
