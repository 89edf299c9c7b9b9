package io.rapport.jobs.state;

import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;

/**
 * One event-time timer per key at the earliest of many expiries (e.g. retention of a customer's
 * items or sessions): scheduling a later expiry than the pending one does nothing, an earlier one
 * moves the timer. Its state is one value per key, cleared when the timer is due or cancelled.
 */
public final class EarliestTimer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private transient ValueState<Long> pending;

    /** @param name the name of its state, unique within the function */
    public EarliestTimer(String name) {
        this.name = name;
    }

    /** Call from the function's {@code open}. */
    public void open(RuntimeContext context) {
        pending = context.getState(new ValueStateDescriptor<>(name, Long.class));
    }

    /** Makes sure a timer fires at or before {@code expiry}. */
    public void schedule(long expiry, TimerService timers) throws IOException {
        Long current = pending.value();
        if (current != null && current <= expiry) {
            return;
        }
        if (current != null) {
            timers.deleteEventTimeTimer(current);
        }
        timers.registerEventTimeTimer(expiry);
        pending.update(expiry);
    }

    /** Deletes the pending timer, if any. */
    public void cancel(TimerService timers) throws IOException {
        Long current = pending.value();
        if (current != null) {
            timers.deleteEventTimeTimer(current);
            pending.clear();
        }
    }

    /**
     * Call from {@code onTimer}: whether a timer at {@code timestamp} is this one's; it is then no
     * longer pending, and the caller schedules the next expiry.
     */
    public boolean due(long timestamp) throws IOException {
        Long current = pending.value();
        if (current == null || timestamp < current) {
            return false;
        }
        pending.clear();
        return true;
    }
}
