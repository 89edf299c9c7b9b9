package io.rapport.jobs.copurchase;

/**
 * An item's exact distinct-customer counts and its last known category, as
 * {@link ItemNeighboursFunction} keeps them, with its new buyers of the recent days. A Flink POJO
 * used as keyed state.
 */
public class ItemCounts {
    public long buyers;
    public long viewers;
    public long viewersWhoBought;
    public String category;
    /**
     * New buyers per event-time day of the recent window, for {@code recentBuyers}; null until a
     * buyer change is counted there (never in the co-view job, nor in the combiner's sums).
     */
    public RecentBuyers recent;

    public ItemCounts() {}

    void add(ItemDelta delta) {
        buyers += delta.buyers;
        viewers += delta.viewers;
        viewersWhoBought += delta.viewersWhoBought;
        if (delta.category != null) {
            category = delta.category;
        }
    }

    /** Counts a change of new buyers ({@link ItemDelta#newBuyers}) on an epoch day ({@link RecentBuyers#UNDATED} when unknown) in {@link #recent}. */
    void addRecentBuyers(long day, int change, int window) {
        if (recent == null) {
            recent = new RecentBuyers();
        }
        recent.add(day, change, window);
    }

    /**
     * The buyers new in the {@code window} days up to {@code today} (an epoch day, or {@link
     * RecentBuyers#UNDATED} for all that are held), between 0 and {@link #buyers}.
     */
    long recentBuyers(long today, int window) {
        return recent == null ? 0 : Math.min(Math.max(buyers, 0), recent.total(today, window));
    }

    /** Whether every count is 0 (the recent buyers are not counts of their own). */
    boolean isZero() {
        return buyers == 0 && viewers == 0 && viewersWhoBought == 0;
    }
}
