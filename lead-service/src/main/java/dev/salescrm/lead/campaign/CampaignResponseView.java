package dev.salescrm.lead.campaign;

import java.time.Instant;
import java.util.UUID;

import dev.salescrm.lead.campaign.domain.CampaignResponse;
import dev.salescrm.lead.campaign.domain.Channel;
import dev.salescrm.lead.campaign.domain.ResponseConversion;
import dev.salescrm.lead.campaign.domain.ResponseDetails;

/** A campaign response as the API shows it; {@code conversion} is what it became (null while OPEN). */
record CampaignResponseView(UUID id, UUID campaignId, String firstName, String lastName, String companyName,
                            String email, String phone, Channel channel, Instant receivedAt, String note, String status,
                            ConversionView conversion, long version, Instant createdAt, String createdBy,
                            Instant updatedAt) {

    record ConversionView(String action, UUID leadId, UUID contactId, UUID accountId, UUID opportunityId,
                          String opportunityName, String ownerId, String reason, Instant convertedAt,
                          String convertedBy) {

        static ConversionView of(ResponseConversion c) {
            return c == null ? null : new ConversionView(c.action().name(), c.leadId(), c.contactId(), c.accountId(),
                    c.opportunityId(), c.opportunityName(), c.ownerId(), c.reason(), c.convertedAt(), c.convertedBy());
        }
    }

    static CampaignResponseView of(CampaignResponse r) {
        ResponseDetails d = r.details();
        return new CampaignResponseView(r.id(), r.campaignId(), d.firstName(), d.lastName(), d.companyName(), d.email(),
                d.phone(), d.channel(), d.receivedAt(), d.note(), r.status().name(), ConversionView.of(r.conversion()),
                r.version(), r.createdAt(), r.createdBy(), r.updatedAt());
    }
}
