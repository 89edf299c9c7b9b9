package io.rapport.jobs.ingest;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The event-time policy every job applies to its parsed events: watermarks trail the largest event
 * time seen by the configured out-of-orderness, and a source split with no events for the idleness
 * period stops holding the watermark back (a quiet Kafka partition must not freeze retention and
 * journey timers).
 */
public final class EventTimeWatermarks {
    private EventTimeWatermarks() {}

    public static <T> WatermarkStrategy<T> of(
            Duration outOfOrderness, Duration idleness, SerializableTimestampAssigner<T> eventTime) {
        return WatermarkStrategy.<T>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner(eventTime)
                .withIdleness(idleness);
    }
}
