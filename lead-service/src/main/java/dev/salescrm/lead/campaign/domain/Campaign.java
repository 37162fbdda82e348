package dev.salescrm.lead.campaign.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

import dev.salescrm.platform.money.Money;

/**
 * A marketing campaign: what responses and leads are counted against. Immutable.
 *
 * @param code     a short unique code people type (unique ignoring case), e.g. {@code EXPO26}
 * @param startsOn first day, or null when open-ended
 * @param endsOn   last day, never before {@code startsOn}
 * @param budget   what may be spent, never negative; null when not planned
 * @param ownerId  the user responsible for the campaign
 * @param version  optimistic-concurrency version, exposed as the ETag
 */
public record Campaign(UUID id, String name, String code, Channel channel, LocalDate startsOn, LocalDate endsOn,
                       Money budget, String ownerId, long version, Instant createdAt, String createdBy,
                       Instant updatedAt) {

    public Campaign {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a campaign needs a name");
        }
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("a campaign needs a code");
        }
        if (startsOn != null && endsOn != null && endsOn.isBefore(startsOn)) {
            throw new IllegalArgumentException("a campaign cannot end (" + endsOn + ") before it starts (" + startsOn + ")");
        }
        if (budget != null && budget.isNegative()) {
            throw new IllegalArgumentException("a campaign's budget cannot be negative");
        }
    }

    /** A new campaign, version 1. */
    public static Campaign plan(UUID id, String name, String code, Channel channel, LocalDate startsOn, LocalDate endsOn,
                                Money budget, String ownerId, String actor, Instant now) {
        return new Campaign(id, name, code, channel, startsOn, endsOn, budget, ownerId, 1, now, actor, now);
    }
}
