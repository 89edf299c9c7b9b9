package io.rapport.jobs.profile;

import io.rapport.kafka.Topics;
import io.rapport.profile.JourneyRules;
import java.io.Serializable;
import java.time.Duration;

/**
 * The bounds and timings of the {@link ProfileJob}, documented with their defaults in the module
 * README. Immutable; {@link #DEFAULTS} holds the documented defaults and the {@code with…} methods
 * derive variants.
 *
 * @param journey the journey-stage thresholds (default {@link JourneyRules#DEFAULTS}: loyal from 5
 *     orders, at risk after 30 days and lapsed after 90 days without activity)
 * @param affinityHalfLife half-life of category affinities (default 30 days)
 * @param recentItems item interactions kept per customer, newest first (default 50)
 * @param topCategories categories published per profile (default 10)
 * @param maxCategories categories kept per customer (default 50); past it the one with the lowest
 *     decayed affinity is dropped
 * @param maxCartLines distinct items kept in a cart (default 100); adds of further items are ignored
 * @param dedupWindow how long, in event time, a customer's views, carts, searches and offer responses
 *     are applied late and their event ids remembered to drop duplicates (default 30 days; purchases,
 *     profile updates and feedback: {@code retention})
 * @param retention how long, in event time, a profile lives after the customer's last event
 *     (default 365 days); it is then deleted (tombstone) and its state cleared. Also how late a
 *     purchase, profile update or feedback is still applied, and how long its ids are remembered
 * @param flushInterval processing-time debounce of profile snapshots (default 50 ms)
 * @param outOfOrderness how far events may arrive behind the newest one seen (default 5 s)
 * @param sourceIdleness after how long without events a source split stops holding back the
 *     watermark (default 10 s)
 */
public record ProfileSettings(
        JourneyRules journey,
        Duration affinityHalfLife,
        int recentItems,
        int topCategories,
        int maxCategories,
        int maxCartLines,
        Duration dedupWindow,
        Duration retention,
        Duration flushInterval,
        Duration outOfOrderness,
        Duration sourceIdleness)
        implements Serializable {

    public static final ProfileSettings DEFAULTS = new ProfileSettings(
            JourneyRules.DEFAULTS,
            Duration.ofDays(30),
            50,
            10,
            50,
            100,
            Duration.ofDays(30),
            Duration.ofDays(Topics.JOB_RETENTION_DAYS),
            Duration.ofMillis(50),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10));

    public ProfileSettings {
        requirePositive("affinityHalfLife", affinityHalfLife.toMillis());
        requirePositive("recentItems", recentItems);
        requirePositive("topCategories", topCategories);
        requirePositive("maxCategories", maxCategories);
        requirePositive("maxCartLines", maxCartLines);
        requirePositive("dedupWindow", dedupWindow.toMillis());
        requirePositive("flushInterval", flushInterval.toMillis());
        requirePositive("sourceIdleness", sourceIdleness.toMillis());
        if (outOfOrderness.isNegative()) {
            throw new IllegalArgumentException("outOfOrderness must not be negative");
        }
        if (retention.compareTo(journey.lapsedAfter()) <= 0) {
            throw new IllegalArgumentException("retention must be longer than lapsedAfter, was " + retention);
        }
        if (dedupWindow.compareTo(retention) > 0) {
            throw new IllegalArgumentException("dedupWindow must not be longer than retention, was " + dedupWindow);
        }
    }

    public ProfileSettings withJourney(JourneyRules value) {
        return new ProfileSettings(
                value,
                affinityHalfLife,
                recentItems,
                topCategories,
                maxCategories,
                maxCartLines,
                dedupWindow,
                retention,
                flushInterval,
                outOfOrderness,
                sourceIdleness);
    }

    public ProfileSettings withAffinityHalfLife(Duration value) {
        return new ProfileSettings(
                journey,
                value,
                recentItems,
                topCategories,
                maxCategories,
                maxCartLines,
                dedupWindow,
                retention,
                flushInterval,
                outOfOrderness,
                sourceIdleness);
    }

    public ProfileSettings withRecentItems(int value) {
        return new ProfileSettings(
                journey,
                affinityHalfLife,
                value,
                topCategories,
                maxCategories,
                maxCartLines,
                dedupWindow,
                retention,
                flushInterval,
                outOfOrderness,
                sourceIdleness);
    }

    public ProfileSettings withMaxCategories(int value) {
        return new ProfileSettings(
                journey,
                affinityHalfLife,
                recentItems,
                topCategories,
                value,
                maxCartLines,
                dedupWindow,
                retention,
                flushInterval,
                outOfOrderness,
                sourceIdleness);
    }

    public ProfileSettings withMaxCartLines(int value) {
        return new ProfileSettings(
                journey,
                affinityHalfLife,
                recentItems,
                topCategories,
                maxCategories,
                value,
                dedupWindow,
                retention,
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
