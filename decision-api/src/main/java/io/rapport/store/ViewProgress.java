package io.rapport.store;

import java.util.function.BooleanSupplier;

/**
 * How far the views are behind Kafka, as the {@link ViewConsumer} last measured it.
 *
 * <p>{@link #caughtUp()} latches: once the views have caught up with the end offsets seen at
 * start-up it stays true, because a later lag (or an unreachable broker) must not take the API out
 * of service: it keeps answering from its last state, and {@link #lag()} and {@link
 * #lastCheckMillis()} tell how stale that state may be. {@link #ready()} is that latch unless the
 * process that runs the API {@linkplain #hold holds} readiness for a reason of its own (the embedded
 * stack while it replays its sample, so that "ready" means the sample is in the views). Thread-safe.
 */
public final class ViewProgress {
    private volatile boolean caughtUp;
    private volatile String held;
    private volatile long lag = -1;
    private volatile long lastCheckMillis;
    private volatile BooleanSupplier derived = () -> true;

    /** Records a lag measurement taken at {@code nowMillis}; {@code caughtUp} makes the views ready. */
    public void report(long lag, boolean caughtUp, long nowMillis) {
        this.lag = lag;
        this.lastCheckMillis = nowMillis;
        if (caughtUp) {
            this.caughtUp = true;
        }
    }

    /** Whether the views have caught up with the end offsets seen at start-up (latched). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * Makes {@link #servable()} wait, past the catch-up, for {@code derived}: what the API computes
     * from all the views (popular items, RFM quintiles) computed since they caught up.
     */
    public void requireDerived(BooleanSupplier derived) {
        this.derived = derived;
    }

    /** Caught up, and what is derived from the views computed since: answers can be served. */
    public boolean servable() {
        return caughtUp && derived.getAsBoolean();
    }

    /** Servable, and not held. */
    public boolean ready() {
        return servable() && held == null;
    }

    /** Keeps {@link #ready()} false, with {@code reason} as the readiness status, until {@link #release}. */
    public void hold(String reason) {
        held = reason;
    }

    public void release() {
        held = null;
    }

    /** Why readiness is held, or null. */
    public String held() {
        return held;
    }

    /** Records not yet applied, summed over all partitions; -1 before the first measurement. */
    public long lag() {
        return lag;
    }

    /** When the lag was last measured successfully (epoch millis), 0 if never. */
    public long lastCheckMillis() {
        return lastCheckMillis;
    }
}
