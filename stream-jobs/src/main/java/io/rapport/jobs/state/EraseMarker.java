package io.rapport.jobs.state;

import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;

/**
 * What a keyed function keeps of an erased customer: the erase's event time, so that a replay of
 * the customer's events at or before it is ignored. It is cleared by its own event-time timer one
 * {@code retention} later, when such events would be ignored as too old anyway. One value per key.
 */
public final class EraseMarker implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long retentionMillis;
    private transient ValueState<Long> erasedAt;

    public EraseMarker(long retentionMillis) {
        this.retentionMillis = retentionMillis;
    }

    /** Call from the function's {@code open}. */
    public void open(RuntimeContext context) {
        erasedAt = context.getState(new ValueStateDescriptor<>("erasedAt", Long.class));
    }

    /** Whether an event at {@code timestamp} predates the customer's erase and must be ignored. */
    public boolean covers(long timestamp) throws IOException {
        Long erased = erasedAt.value();
        return erased != null && timestamp <= erased;
    }

    /** Records an erase at {@code timestamp}, replacing an earlier one and its timer. */
    public void mark(long timestamp, TimerService timers) throws IOException {
        Long previous = erasedAt.value();
        if (previous != null) {
            timers.deleteEventTimeTimer(previous + retentionMillis);
        }
        erasedAt.update(timestamp);
        timers.registerEventTimeTimer(timestamp + retentionMillis);
    }

    /** Call from {@code onTimer}: clears the marker once its retention has passed. */
    public void onTimer(long timestamp) throws IOException {
        Long erased = erasedAt.value();
        if (erased != null && erased + retentionMillis <= timestamp) {
            erasedAt.clear();
        }
    }
}
