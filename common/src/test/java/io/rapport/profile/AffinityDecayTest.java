package io.rapport.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AffinityDecayTest {
    private static final AffinityDecay DECAY = new AffinityDecay(Duration.ofDays(10));
    private static final long DAY = Duration.ofDays(1).toMillis();

    @Test
    void scoreHalves_everyHalfLife() {
        assertThat(DECAY.decay(8, 0, 10 * DAY)).isCloseTo(4, within(1e-9));
        assertThat(DECAY.decay(8, 0, 30 * DAY)).isCloseTo(1, within(1e-9));
    }

    @Test
    void addingInteractions_doesNotDependOnTheirOrder() {
        double forward = DECAY.add(DECAY.add(0, 0, 5, 0), 0, 1, 10 * DAY);
        double backward = DECAY.add(DECAY.add(0, 0, 1, 10 * DAY), 10 * DAY, 5, 0);

        assertThat(forward).isCloseTo(3.5, within(1e-9));
        assertThat(backward).isCloseTo(forward, within(1e-9));
    }

    @Test
    void decay_dependsOnTheTimeBetween_notOnWhenItStarts() {
        // from day 5 to day 15 is one half-life (10 days): 8 → 4; backwards, 8 → 16
        assertThat(DECAY.decay(8, 5 * DAY, 15 * DAY)).isCloseTo(4, within(1e-9));
        assertThat(DECAY.decay(8, 15 * DAY, 5 * DAY)).isCloseTo(16, within(1e-9));
    }

    @Test
    void halfLife_mustBePositive() {
        assertThat(new AffinityDecay(Duration.ofMillis(1)).decay(2, 0, 1)).isCloseTo(1, within(1e-9));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AffinityDecay(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AffinityDecay(Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
