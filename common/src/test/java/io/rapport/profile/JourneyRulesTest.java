package io.rapport.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JourneyRulesTest {
    private static final JourneyRules RULES = JourneyRules.DEFAULTS;
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long T = 1_000 * DAY;

    @Test
    void activityStages_followTheFurthestStepReached() {
        assertThat(RULES.stage(0, false, false, T, T)).isEqualTo(JourneyStage.NEW);
        assertThat(RULES.stage(0, false, true, T, T)).isEqualTo(JourneyStage.BROWSING);
        assertThat(RULES.stage(0, true, true, T, T)).isEqualTo(JourneyStage.CARTED);
        assertThat(RULES.stage(1, true, true, T, T)).isEqualTo(JourneyStage.FIRST_PURCHASE);
        assertThat(RULES.stage(2, false, true, T, T)).isEqualTo(JourneyStage.REPEAT);
        assertThat(RULES.stage(4, false, true, T, T)).isEqualTo(JourneyStage.REPEAT);
        assertThat(RULES.stage(5, false, true, T, T)).isEqualTo(JourneyStage.LOYAL);
    }

    @Test
    void inactiveBuyer_isAtRiskThenLapsed_atTheThresholds() {
        assertThat(RULES.stage(3, false, true, T, T + 30 * DAY - 1)).isEqualTo(JourneyStage.REPEAT);
        assertThat(RULES.stage(3, false, true, T, T + 30 * DAY)).isEqualTo(JourneyStage.AT_RISK);
        assertThat(RULES.stage(3, false, true, T, T + 90 * DAY - 1)).isEqualTo(JourneyStage.AT_RISK);
        assertThat(RULES.stage(3, false, true, T, T + 90 * DAY)).isEqualTo(JourneyStage.LAPSED);
    }

    @Test
    void inactiveBrowser_skipsAtRisk() {
        assertThat(RULES.stage(0, true, true, T, T + 60 * DAY)).isEqualTo(JourneyStage.CARTED);
        assertThat(RULES.stage(0, true, true, T, T + 90 * DAY)).isEqualTo(JourneyStage.LAPSED);
    }

    @Test
    void nextInactivityChange_isTheNextThreshold() {
        assertThat(RULES.nextInactivityChange(1, T, T)).isEqualTo(OptionalLong.of(T + 30 * DAY));
        assertThat(RULES.nextInactivityChange(1, T, T + 30 * DAY)).isEqualTo(OptionalLong.of(T + 90 * DAY));
        assertThat(RULES.nextInactivityChange(0, T, T)).isEqualTo(OptionalLong.of(T + 90 * DAY));
        assertThat(RULES.nextInactivityChange(1, T, T + 90 * DAY)).isEmpty();
    }

    @Test
    void thresholds_areValidated() {
        assertThatThrownBy(() -> new JourneyRules(1, Duration.ofDays(1), Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JourneyRules(5, Duration.ofDays(9), Duration.ofDays(9)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
