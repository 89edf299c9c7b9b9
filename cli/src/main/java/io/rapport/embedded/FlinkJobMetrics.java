package io.rapport.embedded;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * The embedded Flink job's state and checkpoint figures on the API's {@code /metrics}: a Flink
 * metric reporter ({@link Factory}, set on the local cluster by {@link EmbeddedFlink}) keeps the
 * job-level metrics Flink's checkpoint statistics publish, and {@link #bindTo} reads them into
 * Micrometer gauges tagged with the job's name:
 *
 * <ul>
 *   <li>{@code rapport_flink_state_size_bytes} — the job's whole state as of its last completed
 *       checkpoint (Flink's {@code lastCheckpointFullSize});
 *   <li>{@code rapport_flink_checkpoint_size_bytes} — what that checkpoint wrote ({@code
 *       lastCheckpointSize}; equal to the full size with the embedded full snapshots);
 *   <li>{@code rapport_flink_checkpoint_duration_seconds} and {@code
 *       rapport_flink_checkpoint_age_seconds} (since it completed: checkpoints follow the job's
 *       work, {@link CheckpointPacer}, so the age grows while the job is idle; an age of a minute
 *       while events wait means they fail or stall);
 *   <li>{@code rapport_flink_checkpoints_completed_total}, {@code
 *       rapport_flink_checkpoints_failed_total} and {@code rapport_flink_job_restarts}.
 * </ul>
 *
 * <p>A gauge is NaN until its figure exists (no checkpoint completed yet, or no job running). On a
 * cluster the same figures come from Flink's own Prometheus reporter (deploy/README.md).
 */
public final class FlinkJobMetrics {
    // Flink's job-level metric names kept (DefaultCheckpointStatsTracker, and the restart count)
    static final String FULL_SIZE = "lastCheckpointFullSize";
    static final String SIZE = "lastCheckpointSize";
    static final String DURATION = "lastCheckpointDuration";
    static final String COMPLETED_AT = "lastCheckpointCompletedTimestamp";
    static final String COMPLETED = "numberOfCompletedCheckpoints";
    static final String FAILED = "numberOfFailedCheckpoints";
    static final String RESTARTS = "numRestarts";

    private static final Set<String> KEPT =
            Set.of(FULL_SIZE, SIZE, DURATION, COMPLETED_AT, COMPLETED, FAILED, RESTARTS);
    private static final String JOB_NAME = "<job_name>";

    /** Per job name, the kept metrics of its latest run by Flink name. */
    private static final Map<String, Map<String, Metric>> JOBS = new ConcurrentHashMap<>();
    /** The record counters of every operator ({@code numRecordsIn}, {@code numRecordsOut}). */
    private static final Set<String> RECORD_COUNTERS = Set.of("numRecordsIn", "numRecordsOut");
    /** Per job name, its operators' record counters (but sinks'). */
    private static final Map<String, Set<Counter>> RECORDS = new ConcurrentHashMap<>();

    private FlinkJobMetrics() {}

    /** Registers the gauges of job {@code jobName} on {@code registry}. */
    public static void bindTo(MeterRegistry registry, String jobName) {
        gauge(
                registry,
                "rapport.flink.state.size",
                "bytes",
                jobName,
                FULL_SIZE,
                1.0,
                "the job's state at its last checkpoint");
        gauge(registry, "rapport.flink.checkpoint.size", "bytes", jobName, SIZE, 1.0, "what the last checkpoint wrote");
        gauge(
                registry,
                "rapport.flink.checkpoint.duration",
                "seconds",
                jobName,
                DURATION,
                0.001,
                "the last checkpoint's duration");
        Gauge.builder("rapport.flink.checkpoint.age", () -> age(jobName, System.currentTimeMillis()))
                .baseUnit("seconds")
                .description("time since the last checkpoint completed")
                .tag("job", jobName)
                .register(registry);
        Gauge.builder("rapport.flink.job.restarts", () -> value(jobName, RESTARTS))
                .description("restarts of the job since it was submitted")
                .tag("job", jobName)
                .register(registry);
        counter(registry, "rapport.flink.checkpoints.completed", jobName, COMPLETED, "completed checkpoints");
        counter(registry, "rapport.flink.checkpoints.failed", jobName, FAILED, "failed checkpoints");
    }

    private static void gauge(
            MeterRegistry registry, String name, String unit, String job, String metric, double scale, String text) {
        Gauge.builder(name, () -> value(job, metric) * scale)
                .baseUnit(unit)
                .description(text)
                .tag("job", job)
                .register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String job, String metric, String text) {
        ToDoubleFunction<String> count = j -> {
            double v = value(j, metric);
            return Double.isNaN(v) ? 0 : v; // a counter is never NaN: none counted yet
        };
        FunctionCounter.builder(name, job, count)
                .description(text + " since the job was submitted")
                .tag("job", job)
                .register(registry);
    }

    /**
     * The current value of Flink metric {@code metric} of job {@code job}; NaN when the job has not
     * registered it or Flink reports none yet (a negative figure: no checkpoint completed).
     */
    static double value(String job, String metric) {
        Map<String, Metric> metrics = JOBS.get(job);
        Metric m = metrics == null ? null : metrics.get(metric);
        double v = Double.NaN;
        if (m instanceof org.apache.flink.metrics.Gauge<?> g && g.getValue() instanceof Number n) {
            v = n.doubleValue();
        } else if (m instanceof Counter c) {
            v = c.getCount();
        }
        return v < 0 ? Double.NaN : v;
    }

    /** Seconds between the last completed checkpoint of {@code job} and {@code nowMillis}; NaN before one. */
    static double age(String job, long nowMillis) {
        double completedAt = value(job, COMPLETED_AT);
        return Double.isNaN(completedAt) || completedAt == 0
                ? Double.NaN
                : Math.max(0, nowMillis - completedAt) / 1000.0;
    }

    /**
     * The records every operator of {@code job} but its sinks has taken in and put out, summed: a
     * figure that moves whenever the job does any work (a timer's flush too), for {@link
     * CheckpointPacer}.
     */
    static long records(String job) {
        Set<Counter> counters = RECORDS.get(job);
        long sum = 0;
        if (counters != null) {
            for (Counter c : counters) {
                sum += c.getCount();
            }
        }
        return sum;
    }

    /**
     * Keeps a job-level metric of the kept names (task and operator metrics carry a task name), and
     * the record counters of operators that count work ({@link #countsWork}).
     */
    static void keep(Metric metric, String name, Map<String, String> variables) {
        String job = variables.get(JOB_NAME);
        if (job == null) {
            return;
        }
        if (KEPT.contains(name) && !variables.containsKey("<task_name>")) {
            JOBS.computeIfAbsent(job, j -> new ConcurrentHashMap<>()).put(name, metric);
        } else if (RECORD_COUNTERS.contains(name) && metric instanceof Counter counter && countsWork(variables)) {
            RECORDS.computeIfAbsent(job, j -> ConcurrentHashMap.newKeySet()).add(counter);
        }
    }

    /**
     * Whether an operator's record counters move only with the job's work: not a sink's writer or
     * committer, which pass each other a committable at every checkpoint (so a checkpoint would make
     * the next one due), nor a task's totals, which include them. A writer's records in are its
     * upstream operator's records out, counted there.
     */
    private static boolean countsWork(Map<String, String> variables) {
        String operator = variables.get("<operator_name>");
        return operator != null && !operator.endsWith(": Writer") && !operator.endsWith(": Committer");
    }

    /** Forgets a metric unless a newer run of the job replaced it already. */
    static void forget(Metric metric, String name, Map<String, String> variables) {
        String job = variables.get(JOB_NAME);
        Map<String, Metric> metrics = job == null ? null : JOBS.get(job);
        if (metrics != null) {
            metrics.remove(name, metric);
        }
        Set<Counter> counters = job == null ? null : RECORDS.get(job);
        if (counters != null && metric instanceof Counter counter) {
            counters.remove(counter);
        }
    }

    /** The reporter the local cluster runs: hands the job metrics to {@link FlinkJobMetrics}. */
    public static final class Reporter extends InJvmMetricReporter {
        @Override
        protected void added(Metric metric, String name, Map<String, String> variables) {
            keep(metric, name, variables);
        }

        @Override
        protected void removed(Metric metric, String name, Map<String, String> variables) {
            forget(metric, name, variables);
        }
    }

    /**
     * Creates the {@link Reporter}; named by {@code metrics.reporter.rapport.factory.class} and found
     * through {@code META-INF/services}.
     */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new Reporter();
        }
    }
}
