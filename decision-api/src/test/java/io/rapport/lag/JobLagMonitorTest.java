package io.rapport.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobLagMonitorTest {
    private static final JobLagSettings SETTINGS =
            new JobLagSettings(100, Duration.ofSeconds(30), Duration.ofSeconds(2));
    private final JobLagMonitor monitor = new JobLagMonitor(Map.of("copurchase", "g-1", "profiles", "g-2"), SETTINGS);

    @Test
    void unmeasuredJob_hasUnknownLagAndIsNotLagging() {
        assertThat(monitor.lag("copurchase")).isEqualTo(-1);
        assertThat(monitor.lagging("copurchase", 1_000_000)).isFalse();
    }

    @Test
    void lagAboveTheThreshold_isLaggingOnlyOnceItLastedLongerThanAllowed() {
        monitor.report("copurchase", 101, 0);
        monitor.report("copurchase", 5_000, 29_999);
        assertThat(monitor.lagging("copurchase", 29_999)).isFalse();
        monitor.report("copurchase", 5_000, 30_000);
        assertThat(monitor.lagging("copurchase", 30_000)).isTrue();
        assertThat(monitor.anyLagging(30_000)).isTrue();
        assertThat(monitor.lagging("profiles", 30_000)).isFalse();
        assertThat(monitor.lag("copurchase")).isEqualTo(5_000);
    }

    @Test
    void oneMeasurementAtOrBelowTheThreshold_endsTheSpell() {
        monitor.report("copurchase", 500, 0);
        monitor.report("copurchase", 100, 20_000);
        monitor.report("copurchase", 500, 25_000);
        assertThat(monitor.lagging("copurchase", 50_000)).isFalse();
        assertThat(monitor.lagging("copurchase", 55_000)).isTrue();
    }

    @Test
    void healthyJobCommittingAtCheckpoints_isNeverLagging() {
        // Lag climbs between checkpoints (5 s apart while events arrive) and drops when the offsets are committed.
        for (long t = 0; t < 120_000; t += 1_000) {
            long sinceCheckpoint = t % 5_000;
            monitor.report("copurchase", sinceCheckpoint * 50 / 1_000, t);
            assertThat(monitor.lagging("copurchase", t)).isFalse();
        }
    }

    @Test
    void unknownLag_neitherStartsNorEndsASpell() {
        monitor.report("copurchase", 500, 0);
        monitor.unknown("copurchase");
        assertThat(monitor.lag("copurchase")).isEqualTo(-1);
        assertThat(monitor.lagging("copurchase", 31_000)).isTrue();
        monitor.unknown("profiles");
        assertThat(monitor.lagging("profiles", 31_000)).isFalse();
    }

    @Test
    void details_namePerJobTheLagAndHowLongItWasAboveTheThreshold() {
        monitor.report("copurchase", 500, 0);
        monitor.report("profiles", 3, 0);
        assertThat(monitor.details(45_000))
                .isEqualTo(Map.of(
                        "copurchase",
                        Map.of("lag", 500L, "lagging", true, "aboveThresholdSeconds", 45L, "stalled", false),
                        "profiles",
                        Map.of("lag", 3L, "lagging", false, "aboveThresholdSeconds", 0L, "stalled", false)));
    }

    @Test
    void settings_fromTheEnvironment() {
        assertThat(JobLagSettings.fromEnvironment(Map.of())).isEqualTo(JobLagSettings.DEFAULTS);
        JobLagSettings s =
                JobLagSettings.fromEnvironment(Map.of("RAPPORT_JOB_LAG_RECORDS", "10", "RAPPORT_JOB_LAG_SECONDS", "5"));
        assertThat(s.thresholdRecords()).isEqualTo(10);
        assertThat(s.after()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> JobLagSettings.fromEnvironment(Map.of("RAPPORT_JOB_LAG_SECONDS", "soon")))
                .hasMessageContaining("RAPPORT_JOB_LAG_SECONDS");
        assertThatThrownBy(() -> JobLagSettings.fromEnvironment(Map.of("RAPPORT_JOB_LAG_RECORDS", "-1")))
                .hasMessageContaining("RAPPORT_JOB_LAG_RECORDS");
        assertThatThrownBy(() -> monitor.lag("nobody")).isInstanceOf(IllegalArgumentException.class);
        assertThat(JobLagSettings.fromEnvironment(Map.of("RAPPORT_JOB_STALL_SECONDS", "0"))
                        .stalledAfter())
                .isZero();
        assertThatThrownBy(() -> JobLagSettings.fromEnvironment(Map.of("RAPPORT_JOB_STALL_SECONDS", "-5")))
                .hasMessageContaining("RAPPORT_JOB_STALL_SECONDS");
    }

    @Test
    void aPositionStandingStillWithRecordsToRead_isLaggingAfterStalledAfter_whateverTheThreshold() {
        JobLagMonitor monitor = stallingAfter(Duration.ofSeconds(60));
        // a stopped job at low traffic: 3 records waiting, far below the threshold, position stuck at 40
        monitor.report("copurchase", 3, 40, 0);
        monitor.report("copurchase", 5, 40, 59_999);
        assertThat(monitor.lagging("copurchase", 59_999)).isFalse();
        monitor.report("copurchase", 5, 40, 60_000);
        assertThat(monitor.stalled("copurchase", 60_000)).isTrue();
        assertThat(monitor.lagging("copurchase", 60_000)).isTrue();
        assertThat(monitor.details(60_000))
                .extractingByKey("copurchase")
                .asString()
                .contains("stalled=true");

        // the job commits again: not stalled
        monitor.report("copurchase", 2, 43, 62_000);
        assertThat(monitor.lagging("copurchase", 62_000)).isFalse();
    }

    @Test
    void aPositionStandingStillWithNothingToRead_orAnUnknownPosition_isNotStalled() {
        JobLagMonitor monitor = stallingAfter(Duration.ofSeconds(60));
        monitor.report("copurchase", 0, 40, 0);
        monitor.report("copurchase", 0, 40, 600_000);
        monitor.report("profiles", 7, 0);
        monitor.report("profiles", 7, 600_000);

        assertThat(monitor.lagging("copurchase", 600_000)).isFalse();
        assertThat(monitor.lagging("profiles", 600_000)).isFalse();
    }

    @Test
    void aPositionThatStoodStillWhileIdle_isNotStalledWhenARecordArrives_onlyOnceItWaitsStalledAfter() {
        JobLagMonitor monitor = stallingAfter(Duration.ofSeconds(60));
        // 75 s without traffic: nothing to read, the committed position rightly stands still
        monitor.report("copurchase", 0, 40, 0);
        monitor.report("copurchase", 0, 40, 75_000);
        // one event arrives; the job has not committed it yet (its next checkpoint does)
        monitor.report("copurchase", 1, 40, 77_000);
        assertThat(monitor.stalled("copurchase", 77_000)).isFalse();
        monitor.report("copurchase", 1, 40, 136_999);
        assertThat(monitor.lagging("copurchase", 136_999)).isFalse();
        // but a record left waiting for 60 s is a stall
        monitor.report("copurchase", 1, 40, 137_000);
        assertThat(monitor.stalled("copurchase", 137_000)).isTrue();
    }

    @Test
    void stalledAfterZero_turnsTheCheckOff() {
        JobLagMonitor monitor = stallingAfter(Duration.ZERO);
        monitor.report("copurchase", 3, 40, 0);
        monitor.report("copurchase", 3, 40, 600_000);

        assertThat(monitor.lagging("copurchase", 600_000)).isFalse();
    }

    private static JobLagMonitor stallingAfter(Duration stalledAfter) {
        return new JobLagMonitor(
                Map.of("copurchase", "g-1", "profiles", "g-2"),
                new JobLagSettings(1_000, Duration.ofSeconds(30), Duration.ofSeconds(2), stalledAfter));
    }
}
