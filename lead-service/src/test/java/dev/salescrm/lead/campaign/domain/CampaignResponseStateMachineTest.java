package dev.salescrm.lead.campaign.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.salescrm.platform.money.Money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every response action in every status: allowed where the table says, a transition error naming the status elsewhere. */
class CampaignResponseStateMachineTest {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final Instant T1 = T0.plusSeconds(60);

    static CampaignResponse open() {
        return CampaignResponse.receive(UUID.randomUUID(), UUID.randomUUID(),
                new ResponseDetails("سارا", "کریمی", "فولاد تهران", "sara@example.ir", null, Channel.WEB, T0, null),
                "mona", T0);
    }

    static CampaignResponse inStatus(ResponseStatus status) {
        return switch (status) {
            case OPEN -> open();
            case CLOSED -> open().convert(ResponseConversion.close("spam", "mona", T0), T0);
            case CANCELED -> open().cancel(T0);
        };
    }

    static CampaignResponse apply(CampaignResponse response, ResponseAction action) {
        return switch (action) {
            case CONVERT -> response.convert(ResponseConversion.linkLead(UUID.randomUUID(), "alice", T1), T1);
            case CANCEL -> response.cancel(T1);
        };
    }

    @ParameterizedTest
    @EnumSource(ResponseAction.class)
    void eachActionIsAllowedExactlyInTheStatusesOfTheTableAndLeadsWhereTheTableSays(ResponseAction action) {
        for (ResponseStatus status : ResponseStatus.values()) {
            CampaignResponse response = inStatus(status);
            if (action.allowedIn(status)) {
                CampaignResponse after = apply(response, action);
                assertThat(after.status()).as("%s in %s", action, status).isEqualTo(action.to());
                assertThat(after.version()).isEqualTo(response.version() + 1);
                assertThat(after.updatedAt()).isEqualTo(T1);
            } else {
                assertThatThrownBy(() -> apply(response, action))
                        .as("%s in %s", action, status)
                        .isInstanceOfSatisfying(IllegalResponseTransition.class, e -> {
                            assertThat(e.current()).isEqualTo(status);
                            assertThat(e.action()).isEqualTo(action);
                        });
            }
        }
    }

    @Test
    void onlyAnOpenResponseCanBeDecidedAndClosedAndCanceledAreFinal() {
        for (ResponseAction action : ResponseAction.values()) {
            assertThat(action.allowedFrom()).containsExactly(ResponseStatus.OPEN);
        }
        assertThat(ResponseAction.CONVERT.to()).isEqualTo(ResponseStatus.CLOSED);
        assertThat(ResponseAction.CANCEL.to()).isEqualTo(ResponseStatus.CANCELED);
    }

    @Test
    void aClosedResponseKeepsWhatItBecameAndAnOpenOneHasNothing() {
        CampaignResponse response = open();
        assertThat(response.conversion()).isNull();
        UUID lead = UUID.randomUUID();
        CampaignResponse closed = response.convert(ResponseConversion.newLead(lead, "alice", "alice", T1), T1);
        assertThat(closed.conversion().action()).isEqualTo(ConversionAction.NEW_LEAD);
        assertThat(closed.conversion().leadId()).isEqualTo(lead);
        assertThat(closed.details()).isEqualTo(response.details());
        assertThat(open().cancel(T1).conversion()).isNull();
    }

    @Test
    void eachConversionHasItsOwnShape() {
        UUID id = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        // a link names exactly one lead or contact
        assertThatThrownBy(() -> new ResponseConversion(ConversionAction.LINK_EXISTING, id, other, null, null, null,
                null, null, T1, "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResponseConversion(ConversionAction.LINK_EXISTING, null, null, null, null, null,
                null, null, T1, "a")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ResponseConversion.linkContact(other, "a", T1).contactId()).isEqualTo(other);
        // a new opportunity has an id, a name and exactly one customer
        assertThat(ResponseConversion.newOpportunity(id, "Expo follow-up", other, null, "bob", "a", T1).accountId())
                .isEqualTo(other);
        assertThatThrownBy(() -> ResponseConversion.newOpportunity(id, "Expo follow-up", other, other, "bob", "a", T1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResponseConversion.newOpportunity(id, " ", other, null, "bob", "a", T1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResponseConversion.newOpportunity(null, "x", other, null, "bob", "a", T1))
                .isInstanceOf(IllegalArgumentException.class);
        // a close has a reason and makes nothing
        assertThatThrownBy(() -> ResponseConversion.close("", "a", T1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResponseConversion(ConversionAction.CLOSE, id, null, null, null, null, null,
                "spam", T1, "a")).isInstanceOf(IllegalArgumentException.class);
        // a new lead names the lead made
        assertThatThrownBy(() -> ResponseConversion.newLead(null, null, "a", T1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResponseNamesSomeoneAndOnlyANamedOneCanBecomeALead() {
        assertThatThrownBy(() -> new ResponseDetails("Ali", null, null, null, " ", Channel.PHONE, T0, "called"))
                .isInstanceOf(IllegalArgumentException.class);
        ResponseDetails onlyAPhone = new ResponseDetails("Ali", null, null, null, "+98 912 123 4567", Channel.PHONE, T0, null);
        assertThat(onlyAPhone.namesALead()).isFalse();
        assertThat(new ResponseDetails(null, null, "شرکت پروجان", null, null, null, T0, null).namesALead()).isTrue();
    }

    @Test
    void aCampaignEndsNoEarlierThanItStartsAndHasNoNegativeBudget() {
        LocalDate start = LocalDate.parse("2026-11-01");
        assertThat(Campaign.plan(UUID.randomUUID(), "Tehran Expo 2026", "EXPO26", Channel.TRADE_SHOW, start, start,
                Money.of(new BigDecimal("500000000"), "IRR"), "mona", "mona", T0).version()).isEqualTo(1);
        assertThatThrownBy(() -> Campaign.plan(UUID.randomUUID(), "Expo", "EXPO", null, start, start.minusDays(1),
                null, null, "mona", T0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before");
        assertThatThrownBy(() -> Campaign.plan(UUID.randomUUID(), "Expo", "EXPO", null, null, null,
                Money.of("-1", "EUR"), null, "mona", T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Campaign.plan(UUID.randomUUID(), "Expo", " ", null, null, null, null, null, "mona", T0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
