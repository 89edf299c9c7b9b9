package io.rapport.jobs.copurchase;

import io.rapport.kafka.Topics;
import java.io.Serializable;
import java.time.Duration;

/**
 * The bounds and timings of the {@link CoPurchaseJob}; all are part of the product contract and
 * documented in the module README. Immutable; {@link #DEFAULTS} holds the documented defaults and
 * the {@code with…} methods derive variants.
 *
 * @param maxItemsPerCustomer distinct bought items per customer that take part in pairs (default
 *     200): the first ones bought; a customer past the cap stops adding pairs, so the outcome depends
 *     only on the order of the customer's events
 * @param maxBoughtItemsPerCustomer distinct bought items per customer that count as bought (item
 *     buyers, the customer's bought items) (default 1,000, at least {@code maxItemsPerCustomer});
 *     items bought past it are ignored in the same way: the bound of the customer's state
 * @param maxViewedItemsPerCustomer distinct viewed items per customer that count as views (default
 *     500), ignored past the cap in the same way
 * @param neighboursPerItem neighbours published per item, most co-purchased first (default 100);
 *     counting itself is exact for every pair
 * @param retention how long, in event time, a customer's last activity with an item keeps it
 *     counted (default 365 days)
 * @param flushInterval processing-time debounce of item and totals snapshots (default 50 ms): many
 *     changes to one item within it become one snapshot
 * @param outOfOrderness how far events may arrive behind the newest one seen (default 5 s)
 * @param sourceIdleness after how long without events a source split stops holding back the
 *     watermark (default 10 s)
 * @param recentDays how many event-time days (UTC) of new buyers an item's {@code recentBuyers}
 *     counts: the current day and the {@code recentDays − 1} before it (default 30)
 */
public record CoPurchaseSettings(
        int maxItemsPerCustomer,
        int maxBoughtItemsPerCustomer,
        int maxViewedItemsPerCustomer,
        int neighboursPerItem,
        Duration retention,
        Duration flushInterval,
        Duration outOfOrderness,
        Duration sourceIdleness,
        int recentDays)
        implements Serializable {

    public static final CoPurchaseSettings DEFAULTS = new CoPurchaseSettings(
            200,
            1000,
            500,
            100,
            Duration.ofDays(Topics.JOB_RETENTION_DAYS),
            Duration.ofMillis(50),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            30);

    public CoPurchaseSettings {
        requirePositive("maxItemsPerCustomer", maxItemsPerCustomer);
        if (maxBoughtItemsPerCustomer < maxItemsPerCustomer) {
            throw new IllegalArgumentException("maxBoughtItemsPerCustomer must be at least maxItemsPerCustomer ("
                    + maxItemsPerCustomer + "), was " + maxBoughtItemsPerCustomer);
        }
        requirePositive("maxViewedItemsPerCustomer", maxViewedItemsPerCustomer);
        requirePositive("neighboursPerItem", neighboursPerItem);
        requirePositive("retention", retention.toMillis());
        requirePositive("flushInterval", flushInterval.toMillis());
        if (outOfOrderness.isNegative()) {
            throw new IllegalArgumentException("outOfOrderness must not be negative");
        }
        requirePositive("sourceIdleness", sourceIdleness.toMillis());
        requirePositive("recentDays", recentDays);
    }

    public CoPurchaseSettings withMaxItemsPerCustomer(int value) {
        return new CoPurchaseSettings(
                value,
                maxBoughtItemsPerCustomer,
                maxViewedItemsPerCustomer,
                neighboursPerItem,
                retention,
                flushInterval,
                outOfOrderness,
                sourceIdleness,
                recentDays);
    }

    public CoPurchaseSettings withMaxBoughtItemsPerCustomer(int value) {
        return new CoPurchaseSettings(
                maxItemsPerCustomer,
                value,
                maxViewedItemsPerCustomer,
                neighboursPerItem,
                retention,
                flushInterval,
                outOfOrderness,
                sourceIdleness,
                recentDays);
    }

    public CoPurchaseSettings withMaxViewedItemsPerCustomer(int value) {
        return new CoPurchaseSettings(
                maxItemsPerCustomer,
                maxBoughtItemsPerCustomer,
                value,
                neighboursPerItem,
                retention,
                flushInterval,
                outOfOrderness,
                sourceIdleness,
                recentDays);
    }

    public CoPurchaseSettings withNeighboursPerItem(int value) {
        return new CoPurchaseSettings(
                maxItemsPerCustomer,
                maxBoughtItemsPerCustomer,
                maxViewedItemsPerCustomer,
                value,
                retention,
                flushInterval,
                outOfOrderness,
                sourceIdleness,
                recentDays);
    }

    public CoPurchaseSettings withRetention(Duration value) {
        return new CoPurchaseSettings(
                maxItemsPerCustomer,
                maxBoughtItemsPerCustomer,
                maxViewedItemsPerCustomer,
                neighboursPerItem,
                value,
                flushInterval,
                outOfOrderness,
                sourceIdleness,
                recentDays);
    }

    public CoPurchaseSettings withFlushInterval(Duration value) {
        return new CoPurchaseSettings(
                maxItemsPerCustomer,
                maxBoughtItemsPerCustomer,
                maxViewedItemsPerCustomer,
                neighboursPerItem,
                retention,
                value,
                outOfOrderness,
                sourceIdleness,
                recentDays);
    }

    public CoPurchaseSettings withOutOfOrderness(Duration value) {
        return new CoPurchaseSettings(
                maxItemsPerCustomer,
                maxBoughtItemsPerCustomer,
                maxViewedItemsPerCustomer,
                neighboursPerItem,
                retention,
                flushInterval,
                value,
                sourceIdleness,
                recentDays);
    }

    public CoPurchaseSettings withSourceIdleness(Duration value) {
        return new CoPurchaseSettings(
                maxItemsPerCustomer,
                maxBoughtItemsPerCustomer,
                maxViewedItemsPerCustomer,
                neighboursPerItem,
                retention,
                flushInterval,
                outOfOrderness,
                value,
                recentDays);
    }

    public CoPurchaseSettings withRecentDays(int value) {
        return new CoPurchaseSettings(
                maxItemsPerCustomer,
                maxBoughtItemsPerCustomer,
                maxViewedItemsPerCustomer,
                neighboursPerItem,
                retention,
                flushInterval,
                outOfOrderness,
                sourceIdleness,
                value);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
