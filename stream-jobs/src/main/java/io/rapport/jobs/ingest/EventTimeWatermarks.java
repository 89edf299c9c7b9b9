package io.rapport.jobs.ingest;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The event-time policy every job applies to its parsed events: watermarks trail the largest event
 * time seen by the configured out-of-orderness, but never run ahead of the wall clock, and a source
 * split with no events for the idleness period stops holding the watermark back (a quiet Kafka
 * partition must not freeze retention and journey timers).
 *
 * <p>The wall-clock bound: the API takes events dated up to a day ahead (a client's clock may be
 * fast), and without it one such event moved every customer's event time forward with it, firing
 * other customers' cart reminders and win-backs early and ageing their profiles. An event dated
 * ahead of the clock is counted at its own time; it moves the watermark only as far as the clock
 * has come, and further as the clock passes its time while events keep arriving. Event time moves
 * with the events only: with no event at all (an idle source emits no watermark), a timer that is
 * due, such as a cart reminder, fires at the next event of any customer.
 */
public final class EventTimeWatermarks {
    private EventTimeWatermarks() {}

    public static <T> WatermarkStrategy<T> of(
            Duration outOfOrderness, Duration idleness, SerializableTimestampAssigner<T> eventTime) {
        long bound = outOfOrderness.toMillis();
        return WatermarkStrategy.<T>forGenerator(context -> new NotAheadOfTheClock<T>(bound, System::currentTimeMillis))
                .withTimestampAssigner(eventTime)
                .withIdleness(idleness);
    }

    /**
     * Bounded out-of-orderness, as Flink's {@code BoundedOutOfOrdernessWatermarks}, with the largest
     * event time taken no further than {@code clock} at each emission.
     */
    static final class NotAheadOfTheClock<T> implements WatermarkGenerator<T> {
        private final long outOfOrderness;
        private final LongSupplier clock;
        private long largest;
        private long emitted = Long.MIN_VALUE;

        NotAheadOfTheClock(long outOfOrderness, LongSupplier clock) {
            this.outOfOrderness = outOfOrderness;
            this.clock = clock;
            this.largest = Long.MIN_VALUE + outOfOrderness + 1;
        }

        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            largest = Math.max(largest, eventTimestamp);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            long bounded = Math.min(largest, clock.getAsLong());
            // the clock may step back (NTP): the watermark never does
            emitted = Math.max(emitted, bounded - outOfOrderness - 1);
            output.emitWatermark(new Watermark(emitted));
        }
    }
}
