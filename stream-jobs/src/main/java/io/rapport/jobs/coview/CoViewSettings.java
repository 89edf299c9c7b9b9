package io.rapport.jobs.coview;

import java.io.Serializable;
import java.time.Duration;

/**
 * The bounds and timings of the {@link CoViewJob}; part of the product contract and documented in
 * the module README. {@link #DEFAULTS} holds the documented defaults.
 *
 * @param sessionGap event-time inactivity that ends a view session (default 30 minutes)
 * @param maxItemsPerSession distinct items per session that take part in counting (default 50);
 *     later ones are ignored, in the customer's event order
 * @param maxSessionsPerCustomer sessions kept and counted per customer (default 50); a view that
 *     would open one more is ignored until an older session expires
 * @param neighboursPerItem neighbours published per item, most co-viewed first (default 100);
 *     counting itself is exact for every pair
 * @param retention how long, in event time after its last view, a session stays counted (default 30
 *     days)
 * @param flushInterval processing-time debounce of item and totals snapshots (default 50 ms)
 * @param outOfOrderness how far events may arrive behind the newest one seen (default 5 s)
 * @param sourceIdleness after how long without events a source split stops holding back the
 *     watermark (default 10 s)
 */
public record CoViewSettings(
        Duration sessionGap,
        int maxItemsPerSession,
        int maxSessionsPerCustomer,
        int neighboursPerItem,
        Duration retention,
        Duration flushInterval,
        Duration outOfOrderness,
        Duration sourceIdleness)
        implements Serializable {

    public static final CoViewSettings DEFAULTS = new CoViewSettings(
            Duration.ofMinutes(30),
            50,
            50,
            100,
            Duration.ofDays(30),
            Duration.ofMillis(50),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10));

    public CoViewSettings {
        requirePositive("sessionGap", sessionGap.toMillis());
        requirePositive("maxItemsPerSession", maxItemsPerSession);
        requirePositive("maxSessionsPerCustomer", maxSessionsPerCustomer);
        requirePositive("neighboursPerItem", neighboursPerItem);
        requirePositive("retention", retention.toMillis());
        requirePositive("flushInterval", flushInterval.toMillis());
        if (outOfOrderness.isNegative()) {
            throw new IllegalArgumentException("outOfOrderness must not be negative");
        }
        requirePositive("sourceIdleness", sourceIdleness.toMillis());
    }

    public CoViewSettings withSessionGap(Duration value) {
        return new CoViewSettings(
                value,
                maxItemsPerSession,
                maxSessionsPerCustomer,
                neighboursPerItem,
                retention,
                flushInterval,
                outOfOrderness,
                sourceIdleness);
    }

    public CoViewSettings withCaps(int itemsPerSession, int sessionsPerCustomer) {
        return new CoViewSettings(
                sessionGap,
                itemsPerSession,
                sessionsPerCustomer,
                neighboursPerItem,
                retention,
                flushInterval,
                outOfOrderness,
                sourceIdleness);
    }

    public CoViewSettings withRetention(Duration value) {
        return new CoViewSettings(
                sessionGap,
                maxItemsPerSession,
                maxSessionsPerCustomer,
                neighboursPerItem,
                value,
                flushInterval,
                outOfOrderness,
                sourceIdleness);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
