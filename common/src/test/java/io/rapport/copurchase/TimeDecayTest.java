package io.rapport.copurchase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeDecayTest {
    private static final long DAY = 86_400_000L;
    /** 2026-11-22T00:00:00Z */
    private static final long AS_OF = 1_795_305_600_000L;

    private static final TimeDecay THIRTY_DAYS = TimeDecay.halfLife(Duration.ofDays(30));

    @Test
    void oneHalfLifeAgo_halvesTheScore() {
        assertThat(THIRTY_DAYS.factor(AS_OF, AS_OF - 30 * DAY)).isEqualTo(0.5);
    }

    @Test
    void twoHalfLivesAgo_quartersTheScore_andThreeEighthIt() {
        assertThat(THIRTY_DAYS.factor(AS_OF, AS_OF - 60 * DAY)).isEqualTo(0.25);
        assertThat(THIRTY_DAYS.factor(AS_OF, AS_OF - 90 * DAY)).isEqualTo(0.125);
    }

    @Test
    void inBetween_followsTheExponential() {
        // 15 days with a 30-day half-life: 2^-0.5 = 1 / sqrt(2) = 0.70710678...
        assertThat(THIRTY_DAYS.factor(AS_OF, AS_OF - 15 * DAY)).isCloseTo(0.7071067811865476, within(1e-15));
        // 45 days: 2^-1.5 = 0.35355339...
        assertThat(THIRTY_DAYS.factor(AS_OF, AS_OF - 45 * DAY)).isCloseTo(0.3535533905932738, within(1e-15));
    }

    @Test
    void increasedJustNow_orAfterAsOf_leavesTheScore() {
        assertThat(THIRTY_DAYS.factor(AS_OF, AS_OF)).isEqualTo(1.0);
        assertThat(THIRTY_DAYS.factor(AS_OF, AS_OF + DAY)).isEqualTo(1.0);
    }

    @Test
    void noHalfLife_leavesEveryScoreUnchanged() {
        assertThat(TimeDecay.OFF.isOff()).isTrue();
        assertThat(TimeDecay.OFF.factor(AS_OF, AS_OF - 3650 * DAY)).isEqualTo(1.0);
        assertThat(TimeDecay.OFF.factor(AS_OF, 1)).isEqualTo(1.0);
    }

    @Test
    void missingTimes_leaveTheScoreUnchanged() {
        assertThat(THIRTY_DAYS.factor(AS_OF, NeighbourCount.UNKNOWN)).isEqualTo(1.0);
        assertThat(THIRTY_DAYS.factor(NeighbourCount.UNKNOWN, AS_OF - 300 * DAY))
                .isEqualTo(1.0);
    }

    @Test
    void parse_readsOffAndDurations() {
        assertThat(TimeDecay.parse("off")).isEqualTo(TimeDecay.OFF);
        assertThat(TimeDecay.parse("OFF")).isEqualTo(TimeDecay.OFF);
        assertThat(TimeDecay.parse("30d").halfLife()).isEqualTo(Duration.ofDays(30));
        assertThat(TimeDecay.parse("12h").halfLife()).isEqualTo(Duration.ofHours(12));
        assertThat(TimeDecay.parse("90min").halfLife()).isEqualTo(Duration.ofMinutes(90));
        assertThat(TimeDecay.parse("90m").halfLife()).isEqualTo(Duration.ofMinutes(90));
        assertThat(TimeDecay.parse("45 s").halfLife()).isEqualTo(Duration.ofSeconds(45));
        assertThat(TimeDecay.parse("250ms").halfLife()).isEqualTo(Duration.ofMillis(250));
        assertThat(TimeDecay.parse("365d").wireName()).isEqualTo("365d");
        assertThat(TimeDecay.parse("48h").wireName()).isEqualTo("2d");
        assertThat(TimeDecay.OFF.wireName()).isEqualTo("off");
    }

    @Test
    void parse_refusesWhatIsNotAPositiveDuration() {
        for (String bad : new String[] {"", "0d", "-3d", "30", "30 days", "1w", "1.5d", "on"}) {
            assertThatThrownBy(() -> TimeDecay.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("decay half-life must be off or a positive duration");
        }
        assertThatThrownBy(() -> TimeDecay.halfLife(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHalfLife_isNotOff() {
        assertThat(THIRTY_DAYS.isOff()).isFalse();
        assertThat(TimeDecay.OFF.isOff()).isTrue();
    }

    @Test
    void wireName_usesTheLargestWholeUnit_andParsesBackToTheSameHalfLife() {
        // 36h is no whole number of days; 90min no whole number of hours; 90s no whole number of
        // minutes; 1500ms no whole number of seconds.
        assertThat(TimeDecay.halfLife(Duration.ofHours(36)).wireName()).isEqualTo("36h");
        assertThat(TimeDecay.halfLife(Duration.ofMinutes(90)).wireName()).isEqualTo("90min");
        assertThat(TimeDecay.halfLife(Duration.ofMinutes(120)).wireName()).isEqualTo("2h");
        assertThat(TimeDecay.halfLife(Duration.ofSeconds(90)).wireName()).isEqualTo("90s");
        assertThat(TimeDecay.halfLife(Duration.ofSeconds(120)).wireName()).isEqualTo("2min");
        assertThat(TimeDecay.halfLife(Duration.ofMillis(1500)).wireName()).isEqualTo("1500ms");
        assertThat(TimeDecay.halfLife(Duration.ofMillis(2000)).wireName()).isEqualTo("2s");
        assertThat(TimeDecay.halfLife(Duration.ofHours(36))).hasToString("36h");
        assertThat(TimeDecay.OFF).hasToString("off");
        for (String text : new String[] {"36h", "90min", "90s", "1500ms", "7d"}) {
            assertThat(TimeDecay.parse(text).wireName()).as(text).isEqualTo(text);
        }
    }
}
