package dev.salescrm.opportunity.opportunity.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.salescrm.platform.money.Money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Editing an opportunity's details, without Spring: only while open, one version per real change. */
class OpportunityEditRulesTest {

    static final Instant LATER = OpportunityTest.NOW.plusSeconds(60);

    private static Opportunity.Details edited(Opportunity o) {
        return new Opportunity.Details("فروش ۱۴۰۵", Customer.contact(UUID.randomUUID()), "bob", 45,
                Money.of("2500.00", "EUR"), LocalDate.of(2027, 3, 1), UUID.randomUUID());
    }

    @Test
    void anEditReplacesTheDetailsAndKeepsStageStatusAndOrigin() {
        Opportunity open = OpportunityTest.open().moveTo(OpportunityStage.DEVELOP, OpportunityTest.NOW);
        Opportunity.Details details = edited(open);

        Opportunity after = open.edit(details, LATER);

        assertThat(after.details()).isEqualTo(details);
        assertThat(after.version()).isEqualTo(open.version() + 1);
        assertThat(after.updatedAt()).isEqualTo(LATER);
        assertThat(after.stage()).isEqualTo(OpportunityStage.DEVELOP);
        assertThat(after.statusReason()).isEqualTo(OpportunityStatusReason.IN_PROGRESS);
        assertThat(after.createdAt()).isEqualTo(open.createdAt());
        assertThat(after.createdBy()).isEqualTo(open.createdBy());
        assertThat(after.sourceLeadId()).isEqualTo(open.sourceLeadId());
    }

    @Test
    void theSameDetailsAreNoChange() {
        Opportunity open = OpportunityTest.open();
        assertThat(open.edit(open.details(), LATER)).isSameAs(open);
    }

    @Test
    void aWonOrLostOpportunityIsNotEdited() {
        Opportunity won = OpportunityTest.open().win(Money.of("1000.00", "USD"), null, LocalDate.of(2026, 11, 26), OpportunityTest.NOW);
        Opportunity lost = OpportunityTest.open().lose(OpportunityStatusReason.CANCELED, null, LocalDate.of(2026, 11, 26),
                OpportunityTest.NOW);
        for (Opportunity closed : new Opportunity[] {won, lost}) {
            assertThatThrownBy(() -> closed.edit(edited(closed), LATER))
                    .isInstanceOf(IllegalStatusChangeException.class)
                    .satisfies(e -> assertThat(((IllegalStatusChangeException) e).current()).isEqualTo(closed.status()));
            // Not even a change to nothing: a closed deal is not edited at all.
            assertThatThrownBy(() -> closed.edit(closed.details(), LATER)).isInstanceOf(IllegalStatusChangeException.class);
        }
        assertThat(won.reopen(LATER).edit(edited(won), LATER).version()).isEqualTo(won.version() + 2);
    }

    @Test
    void anEditKeepsTheOpportunitysRules() {
        Opportunity open = OpportunityTest.open();
        Opportunity.Details d = open.details();
        assertThatThrownBy(() -> open.edit(new Opportunity.Details(" ", d.customer(), d.ownerId(), d.probability(),
                d.estimatedRevenue(), d.estimatedCloseDate(), d.priceListId()), LATER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> open.edit(new Opportunity.Details(d.name(), d.customer(), d.ownerId(), 101,
                d.estimatedRevenue(), d.estimatedCloseDate(), d.priceListId()), LATER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> open.edit(new Opportunity.Details(d.name(), d.customer(), d.ownerId(), 50,
                Money.of("-0.01", "USD"), d.estimatedCloseDate(), d.priceListId()), LATER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> open.edit(new Opportunity.Details(d.name(), null, d.ownerId(), 50,
                d.estimatedRevenue(), d.estimatedCloseDate(), d.priceListId()), LATER))
                .isInstanceOf(NullPointerException.class);
    }
}
