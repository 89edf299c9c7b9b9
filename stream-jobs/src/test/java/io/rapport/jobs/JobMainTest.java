package io.rapport.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobMainTest {
    @Test
    void namesEveryJob_inWiringOrder() {
        assertThat(JobMain.JOBS.keySet())
                .containsExactly("copurchase", "profiles", "coview", "kpis", "offer-counters", "marketing-triggers");
    }

    @Test
    void refusesAMissingJobName() {
        assertThatThrownBy(() -> JobMain.main(new String[] {"--bootstrap", "kafka:9092"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the first argument names the job")
                .hasMessageContaining("copurchase|profiles|coview|kpis|offer-counters|marketing-triggers|all");
    }

    @Test
    void refusesAnUnknownJob() {
        assertThatThrownBy(() -> JobMain.main(new String[] {"recommendations", "--bootstrap", "kafka:9092"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown job recommendations");
    }

    @Test
    void passesTheRemainingArgumentsToTheJob() {
        // The named job's own main sees "--bootstrap" missing, so the arguments did reach it.
        assertThatThrownBy(() -> JobMain.main(new String[] {"copurchase"})).hasMessageContaining("bootstrap");
        assertThatThrownBy(() -> JobMain.main(new String[] {"all"})).hasMessageContaining("bootstrap");
    }
}
