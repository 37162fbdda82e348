package dev.salescrm.lead.lead.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import dev.salescrm.platform.money.Money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every action in every status: allowed where the table says, a transition error naming the status elsewhere. */
class LeadStateMachineTest {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final Instant T1 = T0.plusSeconds(60);

    static Lead inStatus(LeadStatus status) {
        Lead open = Lead.open(UUID.randomUUID(), new LeadDetails("علی", "رضایی", "شرکت پروجان", null, null, null, null,
                LeadSource.WEB, null, null), "alice", null, "alice", T0);
        return switch (status) {
            case OPEN -> open;
            case QUALIFIED -> open.qualify(newAccountAndContact(false), T0);
            case DISQUALIFIED -> open.disqualify(LeadStatusReason.LOST, "went elsewhere", T0);
        };
    }

    static QualificationPlan newAccountAndContact(boolean withOpportunity) {
        return new QualificationPlan(UUID.randomUUID(), true, UUID.randomUUID(), true, withOpportunity
                ? new QualificationPlan.NewOpportunity(UUID.randomUUID(), "CRM rollout",
                        Money.of(new BigDecimal("1250000000"), "IRR"), LocalDate.parse("2027-03-01"))
                : null);
    }

    static Lead apply(Lead lead, LeadAction action) {
        return switch (action) {
            case UPDATE -> lead.update(lead.details(), "bob", T1);
            case RECORD_CONTACT -> lead.recordContact(T1);
            case QUALIFY -> lead.qualify(newAccountAndContact(true), T1);
            case DISQUALIFY -> lead.disqualify(LeadStatusReason.DUPLICATE, null, T1);
            case REACTIVATE -> lead.reactivate(T1);
            case REOPEN_AFTER_REJECTED_CONVERSION -> lead.conversionRejected("ACCOUNT_NOT_FOUND", T1);
        };
    }

    @ParameterizedTest
    @EnumSource(LeadAction.class)
    void eachActionIsAllowedExactlyInTheStatusesOfTheTable(LeadAction action) {
        for (LeadStatus status : LeadStatus.values()) {
            Lead lead = inStatus(status);
            if (action.allowedIn(status)) {
                Lead after = apply(lead, action);
                assertThat(after.version()).as("%s in %s", action, status).isGreaterThan(lead.version());
            } else if (action == LeadAction.REOPEN_AFTER_REJECTED_CONVERSION) {
                // an answer to a conversion that is not pending changes nothing, whatever the status
                assertThat(apply(lead, action)).isEqualTo(lead);
            } else {
                assertThatThrownBy(() -> apply(lead, action))
                        .as("%s in %s", action, status)
                        .isInstanceOfSatisfying(IllegalLeadTransition.class, e -> {
                            assertThat(e.current()).isEqualTo(status);
                            assertThat(e.action()).isEqualTo(action);
                        });
            }
        }
    }

    @Test
    void aLeadWithALinkedOpportunityCannotBeDisqualifiedEvenAfterReactivation() {
        Lead qualified = inStatus(LeadStatus.OPEN).qualify(newAccountAndContact(true), T1);
        Lead reactivated = qualified.reactivate(T1);
        assertThat(reactivated.status()).isEqualTo(LeadStatus.OPEN);
        assertThatThrownBy(() -> reactivated.disqualify(LeadStatusReason.LOST, null, T1))
                .isInstanceOf(IllegalLeadTransition.class).hasMessageContaining("linked opportunity");
    }

    @Test
    void theConversionCompletesWhenTheCustomerSideAndTheOpportunityAreConfirmedInAnyOrder() {
        Lead qualified = inStatus(LeadStatus.OPEN).qualify(newAccountAndContact(true), T1);
        UUID opportunityId = qualified.conversion().opportunityId();

        Lead opportunityFirst = qualified.opportunityCreated(opportunityId, T1);
        assertThat(opportunityFirst.conversion().status()).isEqualTo(ConversionStatus.PENDING);
        assertThat(opportunityFirst.customerSideAccepted(T1).conversion().status()).isEqualTo(ConversionStatus.COMPLETED);

        Lead customerFirst = qualified.customerSideAccepted(T1);
        assertThat(customerFirst.conversion().status()).isEqualTo(ConversionStatus.PENDING);
        Lead completed = customerFirst.opportunityCreated(opportunityId, T1);
        assertThat(completed.conversion().status()).isEqualTo(ConversionStatus.COMPLETED);
        assertThat(completed.status()).isEqualTo(LeadStatus.QUALIFIED);

        // repeated or foreign confirmations change nothing
        assertThat(completed.customerSideAccepted(T1)).isEqualTo(completed);
        assertThat(customerFirst.opportunityCreated(UUID.randomUUID(), T1)).isEqualTo(customerFirst);
    }

    @Test
    void withoutAnOpportunityTheCustomerSideAloneCompletesTheConversion() {
        Lead qualified = inStatus(LeadStatus.OPEN).qualify(newAccountAndContact(false), T1);
        assertThat(qualified.customerSideAccepted(T1).conversion().status()).isEqualTo(ConversionStatus.COMPLETED);
    }

    @Test
    void aRejectedConversionReopensTheLeadWithTheReason() {
        Lead qualified = inStatus(LeadStatus.OPEN).qualify(newAccountAndContact(true), T1);
        Lead rejected = qualified.conversionRejected("ACCOUNT_NOT_FOUND", T1);
        assertThat(rejected.status()).isEqualTo(LeadStatus.OPEN);
        assertThat(rejected.conversion().status()).isEqualTo(ConversionStatus.FAILED);
        assertThat(rejected.conversion().failureReason()).isEqualTo("ACCOUNT_NOT_FOUND");
        // the opportunity of a failed conversion is canceled, so the lead can be disqualified now
        assertThat(rejected.disqualify(LeadStatusReason.CANCELED, null, T1).status()).isEqualTo(LeadStatus.DISQUALIFIED);
        // a late confirmation of the failed conversion changes nothing
        assertThat(rejected.customerSideAccepted(T1)).isEqualTo(rejected);
    }

    @Test
    void aCompletedActivityMovesANewLeadToContactedOnce() {
        Lead contacted = inStatus(LeadStatus.OPEN).recordContact(T1);
        assertThat(contacted.statusReason()).isEqualTo(LeadStatusReason.CONTACTED);
        assertThat(contacted.recordContact(T1)).isEqualTo(contacted);
    }
}
