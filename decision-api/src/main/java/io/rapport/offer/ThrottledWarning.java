package io.rapport.offer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a repeated warning through at most once per interval and counts the occurrences held back
 * in between, so that an outage (Kafka down while requests keep coming) logs one line per interval
 * rather than one per request. Thread-safe; times are {@link System#nanoTime()} readings.
 */
final class ThrottledWarning {
    private final long intervalNanos;
    private final AtomicLong nextAt;
    private final AtomicLong heldBack = new AtomicLong();

    /** The first occurrence at or after {@code nowNanos} is let through. */
    ThrottledWarning(Duration interval, long nowNanos) {
        this.intervalNanos = interval.toNanos();
        this.nextAt = new AtomicLong(nowNanos);
    }

    /**
     * Records one occurrence: -1 when it is held back, else how many were held back since the last
     * one let through (the caller logs it with that number).
     */
    long pass(long nowNanos) {
        long next = nextAt.get();
        if (nowNanos - next < 0 || !nextAt.compareAndSet(next, nowNanos + intervalNanos)) {
            heldBack.incrementAndGet();
            return -1;
        }
        return heldBack.getAndSet(0);
    }
}
