package dev.salescrm.account.activity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import dev.salescrm.account.activity.domain.Activity;
import dev.salescrm.account.contact.ContactRepository;
import dev.salescrm.account.timeline.EventFields;
import dev.salescrm.account.timeline.TimelineRepository;
import dev.salescrm.account.timeline.domain.TimelineEntries;
import dev.salescrm.contracts.EventTypes;
import dev.salescrm.platform.inbox.IncomingEvent;
import dev.salescrm.platform.inbox.PoisonEventException;

/**
 * The campaign-response firewall's "link existing" for contacts (ARCHITECTURE.md, sales cycle 2):
 * lead-service converts a response with {@code action: LINK_EXISTING} and a {@code contactId}, and
 * account-service records the follow-up as a completed activity with that contact, with its
 * {@code CAMPAIGN_RESPONSE_LINKED} timeline entry (on the contact's account's timeline too). Runs in
 * the inbox's transaction. A response linked to a lead, or converted otherwise, is not ours.
 *
 * <p>A contact that does not exist here cannot have been picked from the customer database, so
 * waiting will not make it appear: the event is parked on the dead-letter topic at once (counted
 * in {@code crm.inbox.dead.letters}), nothing is recorded, and it can be replayed once fixed.
 */
@Service
class CampaignResponseFollowUps {

    static final String LINK_EXISTING = "LINK_EXISTING";

    private final ActivityRepository activities;
    private final ContactRepository contacts;
    private final TimelineRepository timeline;
    private final Clock clock = Clock.systemUTC();

    CampaignResponseFollowUps(ActivityRepository activities, ContactRepository contacts, TimelineRepository timeline) {
        this.activities = activities;
        this.contacts = contacts;
        this.timeline = timeline;
    }

    Mono<Void> record(IncomingEvent event) {
        if (!EventTypes.CAMPAIGN_RESPONSE_CONVERTED.equals(event.type())
                || !LINK_EXISTING.equals(event.requiredText("action")) || EventFields.text(event, "contactId") == null) {
            return Mono.empty();
        }
        UUID contactId = EventFields.requiredUuid(event, "contactId");
        UUID campaignId = EventFields.requiredUuid(event, "campaignId");
        UUID responseId = EventFields.requiredUuid(event, "campaignResponseId");
        Instant linkedAt = EventFields.occurredAt(event).truncatedTo(ChronoUnit.MICROS);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return contacts.findById(contactId)
                .switchIfEmpty(Mono.error(() -> new PoisonEventException(event.type() + " " + event.id()
                        + " links campaign response " + responseId + " to contact " + contactId + ", which does not exist")))
                .flatMap(contact -> {
                    Activity followUp = Activity.campaignResponse(activityIdOf(event), contactId, campaignId, responseId,
                            linkedAt, now, EventFields.text(event, "actor"));
                    return activities.insert(followUp).flatMap(inserted -> inserted
                            ? timeline.record(TimelineEntries.activity(followUp, contact.accountId()), event.id()).then()
                            : Mono.<Void>empty());
                });
    }

    /** The follow-up's id, derived from the event's, so the same event cannot record two. */
    static UUID activityIdOf(IncomingEvent event) {
        return UUID.nameUUIDFromBytes(("crm.campaign-response-follow-up:" + event.id()).getBytes(StandardCharsets.UTF_8));
    }
}
