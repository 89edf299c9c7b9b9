package io.rapport.jobs.state;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;

/**
 * Debounces the snapshots of one key of a keyed function: the first change after a flush schedules
 * one flush, {@code interval} later in processing time, so that a burst of changes becomes one
 * snapshot. The flush is also scheduled for the final watermark ({@code Long.MAX_VALUE}) because
 * processing-time timers still pending when a bounded input ends never fire; whichever comes first
 * flushes and cancels the other. Its state is one value per key, cleared at each flush.
 *
 * <p>Shared by the keyed functions of every job that publishes debounced snapshots.
 */
public final class FlushSchedule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long intervalMillis;
    private transient ValueState<Long> flushAt;

    public FlushSchedule(Duration interval) {
        this.intervalMillis = interval.toMillis();
    }

    /** Call from the function's {@code open}. */
    public void open(RuntimeContext context) {
        flushAt = context.getState(new ValueStateDescriptor<>("flushAt", Long.class));
    }

    /** Records that the current key changed, scheduling a flush unless one is pending. */
    public void changed(TimerService timers) throws IOException {
        if (flushAt.value() != null) {
            return;
        }
        long at = timers.currentProcessingTime() + intervalMillis;
        timers.registerProcessingTimeTimer(at);
        timers.registerEventTimeTimer(Long.MAX_VALUE);
        flushAt.update(at);
    }

    /**
     * Call from {@code onTimer}: whether the current key is due to be flushed now. Returns true once
     * per scheduled flush and cancels its other timer.
     */
    public boolean due(TimerService timers) throws IOException {
        Long at = flushAt.value();
        if (at == null) {
            return false;
        }
        timers.deleteProcessingTimeTimer(at);
        timers.deleteEventTimeTimer(Long.MAX_VALUE);
        flushAt.clear();
        return true;
    }
}
