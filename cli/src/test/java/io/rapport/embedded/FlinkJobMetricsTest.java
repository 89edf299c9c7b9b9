package io.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

class FlinkJobMetricsTest {
    private static Map<String, String> job(String name) {
        return Map.of("<job_name>", name, "<job_id>", "0af1");
    }

    private static Map<String, String> task(String job) {
        return Map.of("<job_name>", job, "<task_name>", "profiles", "<subtask_index>", "0");
    }

    @Test
    void jobLevelFiguresReachMicrometer_scaledToSecondsAndBytes() {
        String name = "t-bind";
        AtomicLong fullSize = new AtomicLong(-1);
        FlinkJobMetrics.keep((Gauge<Long>) fullSize::get, FlinkJobMetrics.FULL_SIZE, job(name));
        FlinkJobMetrics.keep((Gauge<Long>) () -> 250L, FlinkJobMetrics.DURATION, job(name));
        SimpleCounter failed = new SimpleCounter();
        failed.inc(2);
        FlinkJobMetrics.keep(failed, FlinkJobMetrics.FAILED, job(name));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FlinkJobMetrics.bindTo(registry, name);

        assertThat(registry.get("rapport.flink.state.size")
                        .tag("job", name)
                        .gauge()
                        .value())
                .as("Flink's -1 before the first checkpoint")
                .isNaN();
        fullSize.set(138_879);
        assertThat(registry.get("rapport.flink.state.size").gauge().value()).isEqualTo(138_879.0);
        assertThat(registry.get("rapport.flink.checkpoint.duration").gauge().value())
                .isEqualTo(0.25);
        assertThat(registry.get("rapport.flink.checkpoints.failed")
                        .functionCounter()
                        .count())
                .isEqualTo(2.0);
        assertThat(registry.get("rapport.flink.checkpoints.completed")
                        .functionCounter()
                        .count())
                .as("not registered: none")
                .isZero();
        assertThat(registry.get("rapport.flink.job.restarts").gauge().value()).isNaN();
    }

    private static Map<String, String> operator(String job, String operator) {
        return Map.of("<job_name>", job, "<task_name>", "t", "<operator_name>", operator, "<subtask_index>", "0");
    }

    @Test
    void records_sumTheOperatorsRecordCounters_butSinksAndTaskTotals_whichCheckpointsMove() {
        String name = "t-records";
        SimpleCounter source = new SimpleCounter();
        SimpleCounter parsed = new SimpleCounter();
        SimpleCounter writer = new SimpleCounter();
        SimpleCounter committer = new SimpleCounter();
        SimpleCounter taskTotal = new SimpleCounter();
        FlinkJobMetrics.keep(source, "numRecordsOut", operator(name, "Source: events"));
        FlinkJobMetrics.keep(parsed, "numRecordsIn", operator(name, "parse events"));
        FlinkJobMetrics.keep(writer, "numRecordsOut", operator(name, "items sink: Writer"));
        FlinkJobMetrics.keep(committer, "numRecordsIn", operator(name, "items sink: Committer"));
        FlinkJobMetrics.keep(taskTotal, "numRecordsIn", task(name));
        assertThat(FlinkJobMetrics.records(name)).isZero();

        source.inc(3);
        parsed.inc(3);
        writer.inc(5);
        committer.inc(5);
        taskTotal.inc(8);
        assertThat(FlinkJobMetrics.records(name)).isEqualTo(6);

        FlinkJobMetrics.forget(source, "numRecordsOut", operator(name, "Source: events"));
        assertThat(FlinkJobMetrics.records(name)).isEqualTo(3);
        assertThat(FlinkJobMetrics.records("no such job")).isZero();
    }

    @Test
    void taskMetricsOfTheSameNameAndOtherNamesAreNotKept() {
        String name = "t-filter";
        FlinkJobMetrics.keep((Gauge<Long>) () -> 7L, FlinkJobMetrics.FULL_SIZE, task(name));
        FlinkJobMetrics.keep((Gauge<Long>) () -> 9L, "numRecordsIn", job(name));
        assertThat(FlinkJobMetrics.value(name, FlinkJobMetrics.FULL_SIZE)).isNaN();
        assertThat(FlinkJobMetrics.value(name, "numRecordsIn")).isNaN();
    }

    @Test
    void aNewRunOfTheJobReplacesTheOld_andTheOldRunsRemovalLeavesItAlone() {
        String name = "t-rerun";
        Gauge<Long> first = () -> 100L;
        Gauge<Long> second = () -> 200L;
        FlinkJobMetrics.keep(first, FlinkJobMetrics.SIZE, job(name));
        FlinkJobMetrics.keep(second, FlinkJobMetrics.SIZE, job(name));
        FlinkJobMetrics.forget(first, FlinkJobMetrics.SIZE, job(name));
        assertThat(FlinkJobMetrics.value(name, FlinkJobMetrics.SIZE)).isEqualTo(200.0);
        FlinkJobMetrics.forget(second, FlinkJobMetrics.SIZE, job(name));
        assertThat(FlinkJobMetrics.value(name, FlinkJobMetrics.SIZE)).isNaN();
    }

    @Test
    void ageCountsFromTheLastCompletedCheckpoint_andIsNaNBeforeOne() {
        String name = "t-age";
        AtomicLong completedAt = new AtomicLong(-1);
        FlinkJobMetrics.keep((Gauge<Long>) completedAt::get, FlinkJobMetrics.COMPLETED_AT, job(name));
        assertThat(FlinkJobMetrics.age(name, 1_000_000)).isNaN();
        completedAt.set(995_500);
        assertThat(FlinkJobMetrics.age(name, 1_000_000)).isEqualTo(4.5);
        assertThat(FlinkJobMetrics.age("t-no-such-job", 1_000_000)).isNaN();
    }
}
