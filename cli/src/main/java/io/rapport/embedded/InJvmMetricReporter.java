package io.rapport.embedded;

import java.util.Map;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * A Flink metric reporter that hands metrics to code in the same JVM (a local cluster's), with the
 * metric group's variables ({@code <job_name>}, {@code <operator_name>} …): nothing to open, close
 * or send anywhere.
 */
public abstract class InJvmMetricReporter implements MetricReporter {
    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public final void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        added(metric, name, group.getAllVariables());
    }

    @Override
    public final void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        removed(metric, name, group.getAllVariables());
    }

    /** A metric was registered by the group with these variables. */
    protected abstract void added(Metric metric, String name, Map<String, String> variables);

    /** A metric was unregistered (its task or job ended); nothing by default. */
    protected void removed(Metric metric, String name, Map<String, String> variables) {}
}
