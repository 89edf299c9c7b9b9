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
}
