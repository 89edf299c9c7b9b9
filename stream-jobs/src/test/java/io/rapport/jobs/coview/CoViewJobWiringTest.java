package io.rapport.jobs.coview;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
}
