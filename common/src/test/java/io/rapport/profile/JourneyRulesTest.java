package io.rapport.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

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
    void definitions_nameEveryStageInOrder_withTheThresholds() {
        assertThat(JourneyRules.DEFAULTS.definitions())
                .containsExactly(
                        entry("new", "never viewed, carted, searched or bought; seen within 90 days"),
                        entry("browsing", "viewed, carted or searched; no order, cart empty; seen within 90 days"),
                        entry("carted", "no order; cart not empty; seen within 90 days"),
                        entry("first_purchase", "1 order; seen within 30 days"),
                        entry("repeat", "2 to 4 orders; seen within 30 days"),
                        entry("loyal", "5 orders or more; seen within 30 days"),
                        entry("at_risk", "a buyer last seen 30 days to 90 days ago"),
                        entry("lapsed", "last seen 90 days ago or more"));
        assertThat(new JourneyRules(3, Duration.ofDays(14), Duration.ofDays(60)).definitions())
                .containsEntry("repeat", "2 to 2 orders; seen within 14 days")
                .containsEntry("lapsed", "last seen 60 days ago or more");
    }

    @Test
    void thresholds_areValidated() {
        assertThatThrownBy(() -> new JourneyRules(1, Duration.ofDays(1), Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JourneyRules(5, Duration.ofDays(9), Duration.ofDays(9)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loyalFromTwoOrders_isTheLeastThreshold() {
        JourneyRules two = new JourneyRules(2, Duration.ofDays(30), Duration.ofDays(90));
        assertThat(two.stage(2, false, true, 0, 0)).isEqualTo(JourneyStage.LOYAL);
        assertThatThrownBy(() -> new JourneyRules(1, Duration.ofDays(30), Duration.ofDays(90)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
