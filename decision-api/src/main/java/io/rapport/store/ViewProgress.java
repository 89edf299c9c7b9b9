package io.rapport.store;

/**
 * How far the views are behind Kafka, as the {@link ViewConsumer} last measured it.
 *
 * <p>{@link #ready()} latches: once the views have caught up with the end offsets seen at start-up
 * it stays true, because a later lag (or an unreachable broker) must not take the API out of
 * service: it keeps answering from its last state, and {@link #lag()} and {@link
 * #lastCheckMillis()} tell how stale that state may be. Thread-safe.
 */
public final class ViewProgress {
    private volatile boolean ready;
    private volatile long lag = -1;
    private volatile long lastCheckMillis;

    /** Records a lag measurement taken at {@code nowMillis}; {@code caughtUp} makes the views ready. */
    public void report(long lag, boolean caughtUp, long nowMillis) {
        this.lag = lag;
        this.lastCheckMillis = nowMillis;
        if (caughtUp) {
            ready = true;
        }
    }

    public boolean ready() {
        return ready;
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
