package io.rapport.jobs.coview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;

class CoViewJobWiringTest {
    @Test
    void sessionGap_defaultsTo30Minutes_andIsConfigurable() {
        assertThat(CoViewJob.settings(ParameterTool.fromArgs(new String[] {"--bootstrap", "k:9092"})))
                .isEqualTo(CoViewSettings.DEFAULTS);
        assertThat(CoViewSettings.DEFAULTS.sessionGap()).isEqualTo(Duration.ofMinutes(30));
        assertThat(CoViewJob.settings(ParameterTool.fromArgs(new String[] {"--session-gap", "45 min"}))
                        .sessionGap())
                .isEqualTo(Duration.ofMinutes(45));
    }

    @Test
    void theBounds_defaultAsDocumented_andEachOptionSetsItsOwn() {
        assertThat(List.of(
                        CoViewSettings.DEFAULTS.maxItemsPerSession(),
                        CoViewSettings.DEFAULTS.maxSessionsPerCustomer(),
                        CoViewSettings.DEFAULTS.neighboursPerItem()))
                .containsExactly(50, 50, 100);

        CoViewSettings s = CoViewJob.settings(ParameterTool.fromArgs(
                new String[] {"--session-items", "7", "--sessions-per-customer", "8", "--neighbours", "9"}));

        assertThat(List.of(s.maxItemsPerSession(), s.maxSessionsPerCustomer(), s.neighboursPerItem()))
                .containsExactly(7, 8, 9);
        assertThat(s.sessionGap()).isEqualTo(CoViewSettings.DEFAULTS.sessionGap());
        assertThatThrownBy(() -> CoViewJob.settings(ParameterTool.fromArgs(new String[] {"--session-items", "0"})))
                .hasMessage("--session-items must be a whole number from 1 to 1000000, not '0'");
    }
}
