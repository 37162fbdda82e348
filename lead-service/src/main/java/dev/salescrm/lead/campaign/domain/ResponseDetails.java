package dev.salescrm.lead.campaign.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Who answered a campaign, how and when. Text is kept exactly as given (any script). A response
 * must name someone: a last name, a company, an e-mail address or a phone number.
 *
 * @param channel    how the response arrived; null when not known
 * @param receivedAt when it arrived (UTC); what the funnel's period is measured on
 */
public record ResponseDetails(String firstName, String lastName, String companyName, String email, String phone,
                              Channel channel, Instant receivedAt, String note) {

    public ResponseDetails {
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (isBlank(lastName) && isBlank(companyName) && isBlank(email) && isBlank(phone)) {
            throw new IllegalArgumentException("a response needs a last name, a company name, an e-mail address or a phone");
        }
    }

    /** Whether the response can become a lead, which needs a last name or a company name. */
    public boolean namesALead() {
        return !isBlank(lastName) || !isBlank(companyName);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
