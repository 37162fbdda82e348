package dev.salescrm.opportunity.opportunity.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The opportunity's rules, without Spring: how it opens, and every status change, legal or not. */
class OpportunityTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:15:30Z");

    static Opportunity open() {
        return Opportunity.open(UUID.randomUUID(), new Opportunity.Proposal("Deal", Customer.account(UUID.randomUUID()),
                "alice", null, null, null, null), "alice", NOW);
    }

    @Test
    void aNewOpportunityIsOpenInTheQualifyStageWithThatStagesProbability() {
        Opportunity opportunity = open();
        assertThat(opportunity.status()).isEqualTo(OpportunityStatus.OPEN);
        assertThat(opportunity.statusReason()).isEqualTo(OpportunityStatusReason.IN_PROGRESS);
        assertThat(opportunity.stage()).isEqualTo(OpportunityStage.QUALIFY);
        assertThat(opportunity.probability()).isEqualTo(OpportunityStage.QUALIFY.defaultProbability()).isEqualTo(10);
        assertThat(opportunity.version()).isEqualTo(1);
    }

    @Test
    void theTransitionTableHoldsExactlyWhatTheSagaNeeds() {
        assertThat(OpportunityStatusTransitions.all()).containsExactly(
                new OpportunityStatusTransitions.Transition(OpportunityStatus.OPEN, OpportunityStatusReason.CANCELED));
    }

    @Test
    void everyLossTheTableAllowsSucceedsAndEveryOtherIsRefused() {
        for (OpportunityStatusReason reason : OpportunityStatusReason.values()) {
            if (reason.status() != OpportunityStatus.LOST) {
                continue;
            }
            Opportunity opportunity = open();
            if (OpportunityStatusTransitions.allows(OpportunityStatus.OPEN, reason)) {
                Opportunity lost = opportunity.lose(reason, "note", LocalDate.of(2026, 11, 26), NOW);
                assertThat(lost.statusReason()).isEqualTo(reason);
                assertThat(lost.version()).isEqualTo(2);
                assertThat(lost.closeNote()).isEqualTo("note");
                // Once lost, not even the same loss again is allowed: the table has no row from LOST.
                assertThatThrownBy(() -> lost.lose(reason, "again", null, NOW))
                        .isInstanceOf(IllegalStatusChangeException.class);
            } else {
                assertThatThrownBy(() -> opportunity.lose(reason, "note", null, NOW))
                        .isInstanceOf(IllegalStatusChangeException.class);
            }
        }
    }

    @Test
    void aCustomerIsAnAccountOrAContactNeverBothNorNeither() {
        assertThatThrownBy(() -> new Customer(UUID.randomUUID(), UUID.randomUUID()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Customer(null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOpportunityNeedsAName() {
        assertThatThrownBy(() -> Opportunity.open(UUID.randomUUID(), new Opportunity.Proposal(" ",
                Customer.contact(UUID.randomUUID()), null, null, null, null, null), null, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
