package dev.salescrm.account.timeline.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.salescrm.account.account.domain.Account;
import dev.salescrm.account.activity.domain.Activity;
import dev.salescrm.account.activity.domain.ActivityDirection;
import dev.salescrm.account.activity.domain.ActivityType;
import dev.salescrm.account.contact.domain.Contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each kind of timeline entry refers to, keeps and says, without Spring. */
class TimelineEntriesTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:15:30.123456Z");
    static final UUID ACCOUNT = UUID.fromString("01933b6f-0a1b-7c2d-8e3f-405162738495");
    static final UUID LEAD = UUID.fromString("01933b6e-8f6a-7c1e-9a3b-2d4f5e6a7b8c");

    @Test
    void anAccountQualifiedFromALeadSaysSoAndRefersToTheLead() {
        Account account = Account.open(ACCOUNT, "شرکت پروجان", null, null, null, null, null, null, "alice", null, null,
                LEAD, "alice", NOW);
        TimelineEntry entry = TimelineEntries.accountCreated(account, "alice");

        assertThat(entry.id()).isEqualTo(ACCOUNT);
        assertThat(entry.kind()).isEqualTo(TimelineKind.ACCOUNT_CREATED);
        assertThat(entry.occurredAt()).isEqualTo(NOW);
        assertThat(entry.accountId()).isEqualTo(ACCOUNT);
        assertThat(entry.contactId()).isNull();
        assertThat(entry.summary()).isEqualTo("Account \"شرکت پروجان\" created from lead " + LEAD);
        assertThat(entry.refs()).containsEntry("accountId", ACCOUNT).containsEntry("leadId", LEAD);
        assertThat(entry.details()).containsEntry("sourceLeadId", LEAD).containsEntry("relationshipType", "PROSPECT");
        assertThat(entry.actor()).isEqualTo("alice");
    }

    @Test
    void aContactIsOnItsOwnTimelineAndItsAccounts() {
        UUID contactId = UUID.randomUUID();
        Contact contact = Contact.open(contactId, "علی", "رضایی", ACCOUNT, null, null, null, "alice", null, "alice", NOW);
        TimelineEntry entry = TimelineEntries.contactCreated(contact, "alice");
        assertThat(entry.customer()).isEqualTo(new Customer(ACCOUNT, contactId));
        assertThat(entry.summary()).isEqualTo("Contact \"علی رضایی\" created");
        assertThat(entry.refs()).doesNotContainKey("leadId");
    }

    @Test
    void anActivityHappensWhenDoneAndWhilePlannedWhenLogged() {
        UUID contact = UUID.randomUUID();
        Activity planned = Activity.withContact(UUID.randomUUID(), contact, ActivityType.APPOINTMENT, "جلسه", null,
                ActivityDirection.OUTBOUND, Instant.parse("2026-12-01T09:30:00Z"), null, NOW, "alice");
        TimelineEntry logged = TimelineEntries.activity(planned, ACCOUNT);
        assertThat(logged.id()).isEqualTo(planned.id());
        assertThat(logged.kind()).isEqualTo(TimelineKind.ACTIVITY);
        assertThat(logged.occurredAt()).isEqualTo(NOW);
        assertThat(logged.customer()).isEqualTo(new Customer(ACCOUNT, contact));
        assertThat(logged.summary()).isEqualTo("Planned appointment (outbound): جلسه, for 2026-12-01T09:30:00Z");
        assertThat(logged.details()).containsEntry("status", "PLANNED").doesNotContainKey("completedAt");

        Instant doneAt = NOW.plusSeconds(86_400);
        TimelineEntry done = TimelineEntries.activity(planned.complete(doneAt), ACCOUNT);
        assertThat(done.occurredAt()).isEqualTo(doneAt);
        assertThat(done.summary()).isEqualTo("Appointment (outbound): جلسه");
        assertThat(done.details()).containsEntry("status", "COMPLETED").containsEntry("completedAt", doneAt.toString());

        Activity followUp = Activity.campaignResponse(UUID.randomUUID(), contact, UUID.randomUUID(), UUID.randomUUID(),
                NOW, NOW, "mona");
        TimelineEntry linked = TimelineEntries.activity(followUp, null);
        assertThat(linked.kind()).isEqualTo(TimelineKind.CAMPAIGN_RESPONSE_LINKED);
        assertThat(linked.customer()).isEqualTo(new Customer(null, contact));
        assertThat(linked.refs()).containsEntry("campaignResponseId", followUp.campaignResponseId())
                .containsEntry("campaignId", followUp.campaignId());
    }

    @Test
    void dealsAndBillingCarryTheirMoneyAsReported() {
        UUID opportunity = UUID.randomUUID();
        Customer customer = new Customer(ACCOUNT, null);
        Amount revenue = new Amount("1180000.00", "IRR");
        TimelineEntry won = TimelineEntries.opportunityWon(UUID.randomUUID(), customer, opportunity, "Projan CRM",
                revenue, LocalDate.parse("2026-12-15"), null, null, NOW.plusNanos(999), "alice");
        assertThat(won.summary()).isEqualTo("Opportunity \"Projan CRM\" won: 1180000.00 IRR");
        assertThat(won.details()).containsEntry("actualRevenue", revenue).containsEntry("actualCloseDate", "2026-12-15");
        assertThat(won.occurredAt()).as("kept to the microsecond, as stored").isEqualTo(NOW);

        TimelineEntry lost = TimelineEntries.opportunityLost(UUID.randomUUID(), customer, opportunity, null, "OUT_SOLD",
                "Acme CRM", null, null, NOW, null);
        assertThat(lost.summary()).isEqualTo("Opportunity " + opportunity + " out-sold to Acme CRM");
        assertThat(lost.details()).containsEntry("reason", "OUT_SOLD").containsEntry("competitor", "Acme CRM");

        UUID order = UUID.randomUUID();
        assertThat(TimelineEntries.orderPlaced(UUID.randomUUID(), customer, order, "ORD-2026-000017", opportunity, null,
                revenue, NOW, "alice").summary()).isEqualTo("Order ORD-2026-000017 placed: 1180000.00 IRR");
        TimelineEntry paid = TimelineEntries.invoicePaid(UUID.randomUUID(), customer, UUID.randomUUID(), order,
                "INV-2026-000042", revenue, Instant.parse("2027-01-10T08:00:00Z"), NOW, "bill");
        assertThat(paid.summary()).isEqualTo("Invoice INV-2026-000042 paid: 1180000.00 IRR");
        assertThat(paid.details()).containsEntry("number", "INV-2026-000042").containsEntry("amountPaid", revenue)
                .containsEntry("paidAt", "2027-01-10T08:00:00Z");
        assertThat(paid.refs()).containsEntry("orderId", order).containsEntry("accountId", ACCOUNT);
    }

    @Test
    void anEventAlwaysMakesTheSameEntryIdAndAnEntryBelongsToSomeone() {
        assertThat(TimelineEntries.idOfEvent("e-1")).isEqualTo(TimelineEntries.idOfEvent("e-1"))
                .isNotEqualTo(TimelineEntries.idOfEvent("e-2"));
        assertThat(TimelineEntries.idOfEvent("e-1").version()).isEqualTo(3);
        assertThatThrownBy(() -> TimelineEntries.orderCanceled(UUID.randomUUID(), Customer.NOBODY, UUID.randomUUID(),
                null, null, NOW, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Customer(null, ACCOUNT).orElse(new Customer(LEAD, LEAD))).isEqualTo(new Customer(LEAD, ACCOUNT));
    }
}
