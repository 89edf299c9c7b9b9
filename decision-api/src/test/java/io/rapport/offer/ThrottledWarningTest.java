package io.rapport.offer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottledWarningTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void firstOccurrence_passes_thenOnePerInterval_countingTheHeldBack() {
        long t0 = 123 * SECOND;
        ThrottledWarning warning = new ThrottledWarning(Duration.ofSeconds(10), t0);

        assertThat(warning.pass(t0)).isZero();
        assertThat(warning.pass(t0 + SECOND)).isEqualTo(-1);
        assertThat(warning.pass(t0 + 9 * SECOND)).isEqualTo(-1);
        assertThat(warning.pass(t0 + 10 * SECOND))
                .as("two held back since the last")
                .isEqualTo(2);
        assertThat(warning.pass(t0 + 11 * SECOND)).isEqualTo(-1);
        assertThat(warning.pass(t0 + 30 * SECOND)).isEqualTo(1);
    }

    @Test
    void worksAcrossTheSignOfNanoTime() {
        long t0 = -5 * SECOND;
        ThrottledWarning warning = new ThrottledWarning(Duration.ofSeconds(10), t0);
        assertThat(warning.pass(t0)).isZero();
        assertThat(warning.pass(t0 + 9 * SECOND)).isEqualTo(-1);
        assertThat(warning.pass(t0 + 10 * SECOND)).isEqualTo(1);
    }
}
