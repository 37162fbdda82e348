package dev.salescrm.launcher.cycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The step runner and the sample data; the steps themselves run against the real suite in system-tests. */
class SalesCycleTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final SalesCycle cycle = new SalesCycle(new CrmApi("http://127.0.0.1:1", "http://127.0.0.1:1", "unused"),
            new PrintStream(printed, true, StandardCharsets.UTF_8));

    @Test
    void stepsAreNumberedAndAStepInsideAStepIsPartOfIt() {
        String id = cycle.step("first", () -> {
            cycle.note("lead", "0197-abc");
            return cycle.step("inner", () -> "0197-abc");
        });
        cycle.step("second", () -> null);

        assertThat(id).isEqualTo("0197-abc");
        assertThat(output()).contains("  1. first", "lead               0197-abc", "  2. second").doesNotContain("inner");
    }

    @Test
    void aFailingStepNamesItselfAndWhatCameBackAndTheNextStepStillRuns() {
        cycle.step("works", () -> 1);

        assertThatThrownBy(() -> cycle.step("alice activates the quote", () -> {
            throw new CrmApi.UnexpectedReply("expected 200, got POST /api/quotes/1/activate → 409 {}");
        }))
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.step()).isEqualTo(2);
                    assertThat(e.title()).isEqualTo("alice activates the quote");
                })
                .hasMessage("step 2 (alice activates the quote) failed: expected 200, got POST /api/quotes/1/activate → 409 {}");
        assertThat(output()).contains("FAILED after");

        assertThat(cycle.step("after the failure", () -> "ran")).isEqualTo("ran");
        assertThat(output()).contains("  3. after the failure");
    }

    @Test
    void anAssertionInsideAStepFailsTheStepToo() {
        assertThatThrownBy(() -> cycle.step("checks", () -> {
            throw new AssertionError("not a customer");
        })).isInstanceOf(StepFailedException.class).hasMessageContaining("not a customer");
    }

    @Test
    void sampleDataIsUniquePerTagAndTotalsTheRevisedQuote() {
        SampleData one = SampleData.tehran(SampleData.newTag());
        SampleData two = SampleData.tehran(SampleData.newTag());

        assertThat(one.seatSku()).isNotEqualTo(two.seatSku()).endsWith(one.tag().toUpperCase());
        assertThat(one.campaignCode()).isNotEqualTo(two.campaignCode());
        assertThat(one.expectedTotal()).isEqualByComparingTo("16775000000.00");
        assertThat(one.firstPayment()).isLessThan(one.expectedTotal());
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
