package dev.salescrm.opportunity.opportunity.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.salescrm.platform.money.Money;

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
    void theTransitionTableIsTheSalesProcess() {
        assertThat(OpportunityStatusTransitions.all()).containsExactlyInAnyOrder(
                new OpportunityStatusTransitions.Transition(OpportunityStatus.OPEN, OpportunityStatusReason.WON),
                new OpportunityStatusTransitions.Transition(OpportunityStatus.OPEN, OpportunityStatusReason.LOST),
                new OpportunityStatusTransitions.Transition(OpportunityStatus.OPEN, OpportunityStatusReason.CANCELED),
                new OpportunityStatusTransitions.Transition(OpportunityStatus.OPEN, OpportunityStatusReason.OUT_SOLD),
                new OpportunityStatusTransitions.Transition(OpportunityStatus.WON, OpportunityStatusReason.IN_PROGRESS),
                new OpportunityStatusTransitions.Transition(OpportunityStatus.LOST, OpportunityStatusReason.IN_PROGRESS));
    }

    /** Every status × every outcome through the domain's own methods: allowed exactly where the table says. */
    @Test
    void everyStatusChangeFollowsTheTable() {
        for (OpportunityStatusReason from : OpportunityStatusReason.values()) {
            for (OpportunityStatusReason to : OpportunityStatusReason.values()) {
                Opportunity start = inStatus(from);
                boolean allowed = OpportunityStatusTransitions.allows(from.status(), to);
                Runnable change = () -> {
                    if (to == OpportunityStatusReason.WON) {
                        start.win(Money.of("1000.00", "USD"), null, LocalDate.of(2026, 11, 26), NOW);
                    } else if (to == OpportunityStatusReason.IN_PROGRESS) {
                        start.reopen(NOW);
                    } else {
                        start.lose(to, null, LocalDate.of(2026, 11, 26), NOW);
                    }
                };
                if (allowed) {
                    change.run();
                } else {
                    org.assertj.core.api.Assertions.assertThatThrownBy(change::run)
                            .as("%s → %s", from, to).isInstanceOf(IllegalStatusChangeException.class);
                }
            }
        }
    }

    @Test
    void stagesMoveOneStepAtATimeOnlyWhileOpen() {
        Opportunity open = open();
        assertThat(open.moveTo(OpportunityStage.DEVELOP, NOW).probability()).isEqualTo(30);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> open.moveTo(OpportunityStage.PROPOSE, NOW))
                .isInstanceOf(IllegalStageChangeException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> open.moveTo(OpportunityStage.QUALIFY, NOW))
                .isInstanceOf(IllegalStageChangeException.class);
        Opportunity won = open.win(Money.of("1000.00", "USD"), null, LocalDate.of(2026, 11, 26), NOW);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> won.moveTo(OpportunityStage.DEVELOP, NOW))
                .isInstanceOf(IllegalStatusChangeException.class);
    }

    @Test
    void aWonOpportunityCarriesItsActualRevenueUntilItIsReopened() {
        Opportunity won = open().win(Money.of("1250.50", "EUR"), "signed", LocalDate.of(2026, 11, 26), NOW);
        assertThat(won.actualRevenue()).isEqualTo(Money.of("1250.50", "EUR"));
        assertThat(won.reopen(NOW).actualRevenue()).isNull();
        assertThat(open().lose(OpportunityStatusReason.LOST, null, LocalDate.of(2026, 11, 26), NOW).actualRevenue())
                .isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> open().win(Money.of("-1.00", "EUR"), null, LocalDate.of(2026, 11, 26), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Opportunity inStatus(OpportunityStatusReason reason) {
        Opportunity open = open();
        return switch (reason) {
            case IN_PROGRESS -> open;
            case WON -> open.win(Money.of("1000.00", "USD"), null, LocalDate.of(2026, 11, 26), NOW);
            default -> open.lose(reason, null, LocalDate.of(2026, 11, 26), NOW);
        };
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
