package dev.salescrm.lead.campaign.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What a campaign response became, who decided and when. Each {@link ConversionAction} has its
 * own shape, checked here: a link names exactly one lead or contact; a new lead names the lead
 * made; a new opportunity has its pre-allocated id, a name and exactly one customer (account or
 * contact); a close has a reason.
 *
 * @param ownerId the owner of the record made (the new lead's or the new opportunity's), if any
 */
public record ResponseConversion(ConversionAction action, UUID leadId, UUID contactId, UUID accountId,
                                 UUID opportunityId, String opportunityName, String ownerId, String reason,
                                 Instant convertedAt, String convertedBy) {

    public ResponseConversion {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(convertedAt, "convertedAt");
        switch (action) {
            case LINK_EXISTING -> require((leadId == null) != (contactId == null) && accountId == null
                    && opportunityId == null && reason == null, "a link names exactly one lead or contact");
            case NEW_LEAD -> require(leadId != null && contactId == null && accountId == null && opportunityId == null
                    && reason == null, "a new lead names the lead made, nothing else");
            case NEW_OPPORTUNITY -> require(opportunityId != null && !isBlank(opportunityName)
                    && (accountId == null) != (contactId == null) && leadId == null && reason == null,
                    "a new opportunity has an id, a name and exactly one customer (account or contact)");
            case CLOSE -> require(!isBlank(reason) && leadId == null && contactId == null && accountId == null
                    && opportunityId == null, "a close has a reason and makes nothing");
        }
    }

    public static ResponseConversion linkLead(UUID leadId, String actor, Instant now) {
        return new ResponseConversion(ConversionAction.LINK_EXISTING, leadId, null, null, null, null, null, null, now, actor);
    }

    public static ResponseConversion linkContact(UUID contactId, String actor, Instant now) {
        return new ResponseConversion(ConversionAction.LINK_EXISTING, null, contactId, null, null, null, null, null, now, actor);
    }

    public static ResponseConversion newLead(UUID leadId, String leadOwnerId, String actor, Instant now) {
        return new ResponseConversion(ConversionAction.NEW_LEAD, leadId, null, null, null, null, leadOwnerId, null, now, actor);
    }

    /** Exactly one of {@code accountId} and {@code contactId} is the customer. */
    public static ResponseConversion newOpportunity(UUID opportunityId, String name, UUID accountId, UUID contactId,
                                                    String ownerId, String actor, Instant now) {
        return new ResponseConversion(ConversionAction.NEW_OPPORTUNITY, null, contactId, accountId, opportunityId, name,
                ownerId, null, now, actor);
    }

    public static ResponseConversion close(String reason, String actor, Instant now) {
        return new ResponseConversion(ConversionAction.CLOSE, null, null, null, null, null, null, reason, now, actor);
    }

    private static void require(boolean shape, String message) {
        if (!shape) {
            throw new IllegalArgumentException(message);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
