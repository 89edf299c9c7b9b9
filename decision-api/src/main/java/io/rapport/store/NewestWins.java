package io.rapport.store;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;

/**
 * A value replaced whole by admin writes (the offer catalogue, the campaign set) that a reader sees
 * whole, never in part. The value with the latest {@code updatedAt} wins, so the copy a PUT applies
 * at once and the same record read back from Kafka later agree, and an older record still on the
 * topic never replaces a newer one this instance already applied. Thread-safe.
 *
 * @param <T> the value
 */
public final class NewestWins<T> {
    private final AtomicReference<T> current;
    private final ToLongFunction<T> updatedAt;

    public NewestWins(T initial, ToLongFunction<T> updatedAt) {
        this.current = new AtomicReference<>(initial);
        this.updatedAt = updatedAt;
    }

    public T get() {
        return current.get();
    }

    /** Replaces the value unless the current one is newer. */
    public void offer(T next) {
        current.updateAndGet(c -> updatedAt.applyAsLong(next) >= updatedAt.applyAsLong(c) ? next : c);
    }

    /** Replaces the value whatever its age (a tombstone). */
    public void reset(T next) {
        current.set(next);
    }

    /** The {@code updatedAt} for the next write: now, or just after the current value if that is later. */
    public long nextUpdatedAt(Clock clock) {
        return Math.max(clock.millis(), updatedAt.applyAsLong(current.get()) + 1);
    }
}
