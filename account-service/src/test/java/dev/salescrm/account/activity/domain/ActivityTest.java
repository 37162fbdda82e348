package dev.salescrm.account.activity.domain;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An activity's rules, without Spring: with an account or a contact, a subject within bounds, completed once. */
class ActivityTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:15:30Z");

    private static Activity planned(String subject, String description) {
        return Activity.withAccount(UUID.randomUUID(), UUID.randomUUID(), ActivityType.PHONE_CALL, subject, description,
                ActivityDirection.OUTBOUND, NOW.plusSeconds(3600), null, NOW, "alice");
    }

    @Test
    void aPlannedActivityIsCompletedOnceAndKeepsEverythingElse() {
        Activity call = planned("تماس پیگیری", null);
        assertThat(call.isCompleted()).isFalse();

        Activity done = call.complete(NOW.plusSeconds(7200));

        assertThat(done.isCompleted()).isTrue();
        assertThat(done.completedAt()).isEqualTo(NOW.plusSeconds(7200));
        assertThat(done).usingRecursiveComparison().ignoringFields("completedAt").isEqualTo(call);
        assertThatThrownBy(() -> done.complete(NOW.plusSeconds(9000))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anActivityHasASubjectWithinItsBounds() {
        assertThatThrownBy(() -> planned(null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> planned(" \t", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> planned("س".repeat(Activity.MAX_SUBJECT_LENGTH + 1), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> planned("ok", "x".repeat(Activity.MAX_DESCRIPTION_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(planned("س".repeat(Activity.MAX_SUBJECT_LENGTH), "x".repeat(Activity.MAX_DESCRIPTION_LENGTH)).subject())
                .hasSize(Activity.MAX_SUBJECT_LENGTH);
    }

    @Test
    void anActivityIsWithAnAccountOrWithAContactNeverBothNorNone() {
        assertThatThrownBy(() -> new Activity(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), ActivityType.TASK,
                "s", null, null, null, null, null, null, NOW, "alice")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Activity(UUID.randomUUID(), null, null, ActivityType.TASK,
                "s", null, null, null, null, null, null, NOW, "alice")).isInstanceOf(IllegalArgumentException.class);
        Activity withContact = Activity.withContact(UUID.randomUUID(), UUID.randomUUID(), ActivityType.EMAIL, "s", null,
                ActivityDirection.INBOUND, null, NOW, NOW, "alice");
        assertThat(withContact.accountId()).isNull();
        assertThat(withContact.isCompleted()).isTrue();
    }

    @Test
    void campaignResponsesAreRecordedDoneWithAContactAndNeverLoggedByHand() {
        assertThat(ActivityType.CAMPAIGN_RESPONSE.isLoggable()).isFalse();
        assertThat(ActivityType.TASK.isLoggable()).isTrue();
        assertThatThrownBy(() -> Activity.withAccount(UUID.randomUUID(), UUID.randomUUID(), ActivityType.CAMPAIGN_RESPONSE,
                "s", null, null, null, null, NOW, "alice")).isInstanceOf(IllegalArgumentException.class);

        UUID contact = UUID.randomUUID();
        UUID response = UUID.randomUUID();
        Activity followUp = Activity.campaignResponse(UUID.randomUUID(), contact, UUID.randomUUID(), response,
                NOW.minusSeconds(60), NOW, "mona");
        assertThat(followUp.type()).isEqualTo(ActivityType.CAMPAIGN_RESPONSE);
        assertThat(followUp.contactId()).isEqualTo(contact);
        assertThat(followUp.campaignResponseId()).isEqualTo(response);
        assertThat(followUp.direction()).isEqualTo(ActivityDirection.INBOUND);
        assertThat(followUp.completedAt()).isEqualTo(NOW.minusSeconds(60));
        assertThatThrownBy(() -> followUp.complete(NOW)).isInstanceOf(IllegalStateException.class);
    }
}
