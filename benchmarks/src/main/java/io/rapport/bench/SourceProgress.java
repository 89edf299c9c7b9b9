package io.rapport.bench;

import io.rapport.embedded.InJvmMetricReporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * How many records the source of a local Flink job has emitted so far, read from Flink's own
 * {@code numRecordsOut} counter of the source operator through an in-JVM metric reporter.
 *
 * <p>Sampling it while a job runs gives the job's steady-state throughput (records per second
 * between two points well after start-up), which is the honest comparison with a raw consumer: a
 * bounded job's net runtime also contains the few seconds Flink takes to deploy and start the job.
 * Backpressure holds the source to the pace of the slowest operator, so the source's rate is the
 * job's rate once the network buffers are full.
 */
final class SourceProgress {
    /** How the name of every Kafka source measured here ends ("events", "profile events"). */
    static final String SOURCE_NAME = "events";

    private static final String REPORTER = "bench-source-progress";
    private static final List<Counter> SOURCE_OUT = new CopyOnWriteArrayList<>();

    private SourceProgress() {}

    /** Enables the reporter in the configuration of a local environment. */
    static void enable(Configuration conf) {
        conf.setString("metrics.reporter." + REPORTER + ".factory.class", Factory.class.getName());
    }

    /** Forgets the counters of earlier jobs; call before starting the next one. */
    static void reset() {
        SOURCE_OUT.clear();
    }

    /** Records emitted so far by the sources of the running job. */
    static long emitted() {
        long sum = 0;
        for (Counter c : new ArrayList<>(SOURCE_OUT)) {
            sum += c.getCount();
        }
        return sum;
    }

    /** Keeps the {@code numRecordsOut} counters of the source operators whose names end in {@value #SOURCE_NAME}. */
    public static final class Reporter extends InJvmMetricReporter {
        @Override
        protected void added(Metric metric, String name, Map<String, String> variables) {
            String operator = variables.get("<operator_name>");
            if (metric instanceof Counter c
                    && name.equals("numRecordsOut")
                    && operator != null
                    && operator.startsWith("Source: ")
                    && operator.endsWith(SOURCE_NAME)) {
                SOURCE_OUT.add(c);
            }
        }
    }

    /** Loaded by Flink through {@code META-INF/services}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new Reporter();
        }
    }
}
