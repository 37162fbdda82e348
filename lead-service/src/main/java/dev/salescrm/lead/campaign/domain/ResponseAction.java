package dev.salescrm.lead.campaign.domain;

import java.util.EnumSet;
import java.util.Set;

import static dev.salescrm.lead.campaign.domain.ResponseStatus.CANCELED;
import static dev.salescrm.lead.campaign.domain.ResponseStatus.CLOSED;
import static dev.salescrm.lead.campaign.domain.ResponseStatus.OPEN;

/**
 * Everything that can happen to a campaign response, the statuses it may happen in and the status
 * it leads to: the whole state machine as one enumerable table.
 */
public enum ResponseAction {
    /** Decide what the response is (link, new lead, new opportunity, or close without adding anyone). */
    CONVERT(CLOSED, OPEN),
    /** The response was recorded in error: it is kept, but counts for nothing. */
    CANCEL(CANCELED, OPEN);

    private final ResponseStatus to;
    private final Set<ResponseStatus> allowedFrom;

    ResponseAction(ResponseStatus to, ResponseStatus first, ResponseStatus... more) {
        this.to = to;
        this.allowedFrom = EnumSet.of(first, more);
    }

    public ResponseStatus to() {
        return to;
    }

    public Set<ResponseStatus> allowedFrom() {
        return allowedFrom;
    }

    public boolean allowedIn(ResponseStatus status) {
        return allowedFrom.contains(status);
    }
}
