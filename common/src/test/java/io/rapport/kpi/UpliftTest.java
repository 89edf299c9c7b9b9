package io.rapport.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UpliftTest {
    /** Newcombe (1998), "Interval estimation for the difference between independent proportions", method 10. */
    @Test
    void newcombe_matchesThePublishedExamples() {
        Uplift a = Uplift.newcombe(70, 56, 80, 48);
        assertThat(a.value()).isCloseTo(0.2, within(1e-12));
        assertThat(a.ci95().get(0)).isCloseTo(0.0524, within(1e-4));
        assertThat(a.ci95().get(1)).isCloseTo(0.3339, within(1e-4));

        Uplift b = Uplift.newcombe(10, 9, 10, 3);
        assertThat(b.value()).isCloseTo(0.6, within(1e-12));
        assertThat(b.ci95().get(0)).isCloseTo(0.1705, within(1e-4));
        assertThat(b.ci95().get(1)).isCloseTo(0.8090, within(1e-4));
    }

    @Test
    void extremeProportions_stayInsideMinusOneToOne() {
        Uplift allVsNone = Uplift.newcombe(5, 5, 5, 0);
        assertThat(allVsNone.value()).isEqualTo(1.0);
        assertThat(allVsNone.ci95().get(0)).isGreaterThan(0).isLessThan(1);
        assertThat(allVsNone.ci95().get(1)).isLessThanOrEqualTo(1.0);
    }

    @Test
    void emptyGroup_givesNoUplift() {
        assertThat(Uplift.newcombe(10, 3, 0, 0)).isEqualTo(new Uplift(null, null));
        assertThat(Uplift.newcombe(0, 0, 10, 3)).isEqualTo(new Uplift(null, null));
    }
}
