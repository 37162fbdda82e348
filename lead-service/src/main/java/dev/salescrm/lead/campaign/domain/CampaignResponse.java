package dev.salescrm.lead.campaign.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A response to a campaign: someone who answered, kept apart from the lead store until someone
 * decides what it is. Immutable; every change checks {@link ResponseAction} and returns the next
 * version.
 *
 * @param conversion what it became; present exactly when CLOSED
 * @param version    optimistic-concurrency version, starts at 1, exposed as the ETag
 */
public record CampaignResponse(UUID id, UUID campaignId, ResponseDetails details, ResponseStatus status,
                               ResponseConversion conversion, long version, Instant createdAt, String createdBy,
                               Instant updatedAt) {

    public CampaignResponse {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if ((status == ResponseStatus.CLOSED) != (conversion != null)) {
            throw new IllegalArgumentException("a response has a conversion exactly when it is closed");
        }
    }

    /** A response as it arrives: OPEN, version 1. */
    public static CampaignResponse receive(UUID id, UUID campaignId, ResponseDetails details, String actor, Instant now) {
        return new CampaignResponse(id, campaignId, details, ResponseStatus.OPEN, null, 1, now, actor, now);
    }

    /** Decides what the response is; it is CLOSED from then on. */
    public CampaignResponse convert(ResponseConversion decided, Instant now) {
        Objects.requireNonNull(decided, "decided");
        return next(ResponseAction.CONVERT, decided, now);
    }

    /** Recorded in error: CANCELED, counted for nothing. */
    public CampaignResponse cancel(Instant now) {
        return next(ResponseAction.CANCEL, null, now);
    }

    private CampaignResponse next(ResponseAction action, ResponseConversion newConversion, Instant now) {
        if (!action.allowedIn(status)) {
            throw new IllegalResponseTransition(action, status, "a " + status + " campaign response cannot be "
                    + (action == ResponseAction.CONVERT ? "converted" : "canceled"));
        }
        return new CampaignResponse(id, campaignId, details, action.to(), newConversion, version + 1, createdAt,
                createdBy, now);
    }
}
