package io.rapport.jobs.copurchase;

import java.util.Arrays;

/**
 * An item's new buyers per event-time day (UTC) over the last {@code window} days, for its {@code
 * recentBuyers} figure: the new-buyer changes ({@link ItemDelta#newBuyers}) the item stage received,
 * each in the bucket of its delta's day (the day of the purchases that made the buyers: the
 * combiner sends each day's apart; see {@link ItemNeighboursFunction}). {@link
 * ItemNeighboursFunction} holds one per item inside its {@link ItemCounts}.
 *
 * <p>Removals are not dated: a −1 (a buyer erased whose latest purchase or view of the item lies in
 * the window; one who bought before it, and buyers who expire after the retention, send none) lands
 * in the bucket of the day it arrives, like a new buyer, so a bucket may be negative; {@link #total}
 * never goes below 0 (and the publisher caps it at the item's buyers). Changes that arrive before
 * the item stage's first watermark have no day: they are held in {@link #undated} and join the
 * first dated bucket.
 *
 * <p>Bounded: at most {@code window} buckets. A bucket is dropped once a later day puts it out of
 * the window ({@link #add}, {@link #prune}); a change for a day already out of the window is
 * ignored here (it still counts in the item's all-time buyers).
 *
 * <p>A Flink POJO: {@link #days} (ascending) and {@link #buyers} hold the buckets {@code
 * 0..size-1}.
 */
public class RecentBuyers {
    /** The day of a change made before any watermark. */
    public static final long UNDATED = Long.MIN_VALUE;

    private static final long DAY_MILLIS = 86_400_000L;
    private static final int[] NONE = new int[0];

    /** Epoch day (UTC) of each bucket, ascending. */
    public int[] days = NONE;
    /** Net buyer change of each bucket's day. */
    public int[] buyers = NONE;

    public int size;
    /** Net buyer change before the first watermark, not yet in a bucket. */
    public int undated;

    public RecentBuyers() {}

    /** The epoch day (UTC) of an event time, {@link #UNDATED} for {@link #UNDATED}. */
    public static long day(long eventTime) {
        return eventTime == UNDATED ? UNDATED : Math.floorDiv(eventTime, DAY_MILLIS);
    }

    /** The first event time of an epoch day. */
    static long startOf(long day) {
        return day * DAY_MILLIS;
    }

    /**
     * Adds a net buyer change on {@code day} (an epoch day, or {@link #UNDATED}) and drops the
     * buckets that the newest day puts out of the window.
     */
    public void add(long day, int change, int window) {
        if (day == UNDATED) {
            undated += change;
            return;
        }
        if (size > 0 && day <= days[size - 1] - window) {
            return;
        }
        int at = Arrays.binarySearch(days, 0, size, (int) day);
        if (at < 0) {
            at = -at - 1;
            insert(at, (int) day);
        }
        buyers[at] += change + undated;
        undated = 0;
        prune(days[size - 1], window);
    }

    /**
     * The net new buyers of the days after {@code today − window} (of every bucket when {@code today}
     * is {@link #UNDATED}), with the undated ones; never below 0.
     */
    public long total(long today, int window) {
        long sum = undated;
        for (int i = 0; i < size; i++) {
            if (today == UNDATED || days[i] > today - window) {
                sum += buyers[i];
            }
        }
        return Math.max(0, sum);
    }

    /** Drops the buckets of days at or before {@code today − window}. */
    public void prune(long today, int window) {
        int old = 0;
        while (old < size && days[old] <= today - window) {
            old++;
        }
        if (old > 0) {
            System.arraycopy(days, old, days, 0, size - old);
            System.arraycopy(buyers, old, buyers, 0, size - old);
            Arrays.fill(days, size - old, size, 0);
            Arrays.fill(buyers, size - old, size, 0);
            size -= old;
        }
    }

    /** The oldest bucket's day, {@link #UNDATED} when there is none. */
    public long oldestDay() {
        return size == 0 ? UNDATED : days[0];
    }

    /** The newest bucket's day, {@link #UNDATED} when there is none. */
    public long newestDay() {
        return size == 0 ? UNDATED : days[size - 1];
    }

    public boolean isEmpty() {
        return size == 0 && undated == 0;
    }

    private void insert(int at, int day) {
        if (size == days.length) {
            int capacity = Math.max(4, size * 2);
            days = Arrays.copyOf(days, capacity);
            buyers = Arrays.copyOf(buyers, capacity);
        }
        System.arraycopy(days, at, days, at + 1, size - at);
        System.arraycopy(buyers, at, buyers, at + 1, size - at);
        days[at] = day;
        buyers[at] = 0;
        size++;
    }

    /** The buckets, e.g. {@code {20000=3, 20001=-1}}, and the undated change when there is one. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            s.append(i == 0 ? "" : ", ").append(days[i]).append('=').append(buyers[i]);
        }
        return s.append(undated == 0 ? "}" : "} undated " + undated).toString();
    }
}
