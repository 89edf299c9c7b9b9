package io.rapport.analytics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Renames the two meters of Micrometer's {@code ProcessorMetrics} whose Prometheus names fail
 * {@code promtool check metrics}: {@code system_cpu_count} (a gauge must not end in {@code _count})
 * becomes {@code system_cpu_cores}; {@code process_cpu_time_ns_total} (a unit other than seconds) is
 * left out, as {@code process_cpu_usage} already tells the CPU load. Install before the meters are
 * registered.
 */
public final class PrometheusNaming implements MeterFilter {
    public static final PrometheusNaming FILTER = new PrometheusNaming();

    private PrometheusNaming() {}

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return id.getName().equals("process.cpu.time") ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        if (id.getName().equals("system.cpu.count")) {
            return id.withName("system.cpu.cores");
        }
        return id;
    }
}
