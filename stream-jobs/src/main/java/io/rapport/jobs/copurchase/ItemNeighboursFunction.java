package io.rapport.jobs.copurchase;

import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.jobs.state.EarliestTimer;
import io.rapport.jobs.state.FlushSchedule;
import io.rapport.kafka.Json;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Stage 2 of co-purchase counting, keyed by itemId: sums the {@link ItemDelta}s of one item into
 * its exact counts and its co-purchase count per neighbour, and publishes the item as an
 * {@link ItemSnapshot} on the items topic.
 *
 * <p>Deltas are sums, so the result does not depend on their order. Snapshots are debounced by
 * {@link FlushSchedule}: one snapshot per item per {@code flushInterval} at most, and one at the end
 * of a bounded input. A snapshot lists the top {@code neighboursPerItem} neighbours by co-purchase
 * count, descending, ties by itemId ascending; every neighbour is still counted exactly.
 *
 * <p>State per item: its {@link ItemCounts} and one {@link NeighbourCounts} value (every neighbour's
 * count in flat arrays, so a delta record costs one state access; the top neighbours are selected
 * only at a flush). Only non-zero counts are held: a neighbour whose count returns to 0 is removed,
 * and when every count of the item is back to 0 the flush emits a tombstone and clears all of the
 * item's state and timers.
 *
 * <p>Event time. A delta record is stamped by the {@link CombiningDeltasOperator} with the newest
 * event time summed into it; the function dates a change by that stamp, but never before its
 * watermark (a late event), and by the watermark alone for an unstamped change (one a timer made).
 * The watermark lags a jump in event time (history, then today's purchases): dating by it alone put
 * today's purchases weeks back. An unstamped change before the first watermark (or at the final one
 * of a bounded input, which marks the end of the input rather than a time) has no time. A
 * snapshot's {@code asOf} is the watermark at the flush, or the latest increase time the item holds
 * when that is later or the watermark unknown.
 * <ul>
 *   <li>When the format {@linkplain SnapshotFormat#publishesIncreaseTimes publishes them}, each
 *       neighbour keeps the event time of its count's last increase (a combined delta counts as an
 *       increase when its net change of the pair is positive); an unknown time is not recorded.
 *   <li>With a recent window ({@code recentDays} &gt; 0, the co-purchase job's {@link
 *       CoPurchaseSettings#recentDays}), the item's new buyers ({@link ItemDelta#newBuyers}: gained
 *       by purchases, lost by erasures, not by expiry) are also counted per day in
 *       {@link ItemCounts#recent} ({@link RecentBuyers}), published as {@code recentBuyers}: by the
 *       day of their stamp alone, a late one too (the combiner sends the new buyers of each day in a
 *       delta of their own), by the watermark's when unstamped. So that
 *       the figure shrinks for an item nobody buys any more, an event-time timer republishes the item
 *       when its oldest day leaves the window, at a time within that day spread by the itemId so
 *       that a whole catalogue does not republish at midnight: at most one more snapshot per item
 *       and day, one timer and one {@code recentExpiry} value per item that has new buyers.
 * </ul>
 *
 * <p>The published record is made by a {@link SnapshotFormat}: {@link ItemSnapshot} for co-purchases,
 * and the co-view job's own record for the same sums over view sessions.
 */
public class ItemNeighboursFunction extends KeyedProcessFunction<String, ItemDelta, TopicRecord> {
    private static final long serialVersionUID = 1L;

    /** Makes the record an item is published as from its sums. */
    @FunctionalInterface
    public interface SnapshotFormat extends Serializable {
        /**
         * @param neighbours the top neighbours, best first
         * @param recentBuyers the new buyers of the recent window, between 0 and the buyers (0 without
         *     a window)
         * @param asOf event time of the snapshot, epoch milliseconds ({@link NeighbourCount#UNKNOWN}
         *     when not known)
         * @param updatedAt processing time, epoch milliseconds
         * @return the value to publish as JSON
         */
        Object snapshot(
                String itemId,
                ItemCounts counts,
                List<NeighbourCount> neighbours,
                long recentBuyers,
                long asOf,
                long updatedAt);

        /** The published JSON: {@link #snapshot} encoded by {@link Json}, unless a format writes it directly. */
        default byte[] encode(
                String itemId,
                ItemCounts counts,
                List<NeighbourCount> neighbours,
                long recentBuyers,
                long asOf,
                long updatedAt) {
            return Json.encode(snapshot(itemId, counts, neighbours, recentBuyers, asOf, updatedAt));
        }

        /**
         * Whether the record carries each neighbour's {@link NeighbourCount#lastIncreasedAt}; only
         * then does the function keep those times (one long per neighbour of state).
         */
        default boolean publishesIncreaseTimes() {
            return false;
        }
    }

    /** The co-purchase job's record. */
    static final SnapshotFormat ITEM_SNAPSHOT = new ItemSnapshotFormat();

    private final int neighboursPerItem;
    private final FlushSchedule flush;
    private final SnapshotFormat format;
    private final boolean keepsIncreaseTimes;
    private final int recentDays;
    private final EarliestTimer recentExpiry = new EarliestTimer("recentExpiry");

    private transient ValueState<ItemCounts> counts;
    private transient ValueState<NeighbourCounts> neighbours;

    public ItemNeighboursFunction(CoPurchaseSettings settings) {
        this(settings.neighboursPerItem(), settings.flushInterval(), settings.recentDays(), ITEM_SNAPSHOT);
    }

    /**
     * A function without a recent window.
     *
     * @param neighboursPerItem neighbours published per item
     * @param flushInterval at most one snapshot per item per interval
     */
    public ItemNeighboursFunction(int neighboursPerItem, Duration flushInterval, SnapshotFormat format) {
        this(neighboursPerItem, flushInterval, 0, format);
    }

    /**
     * @param neighboursPerItem neighbours published per item
     * @param flushInterval at most one snapshot per item per interval
     * @param recentDays the days of new buyers that {@code recentBuyers} counts; 0 for none
     */
    public ItemNeighboursFunction(
            int neighboursPerItem, Duration flushInterval, int recentDays, SnapshotFormat format) {
        if (recentDays < 0) {
            throw new IllegalArgumentException("recentDays must not be negative, was " + recentDays);
        }
        this.neighboursPerItem = neighboursPerItem;
        this.flush = new FlushSchedule(flushInterval);
        this.recentDays = recentDays;
        this.format = format;
        this.keepsIncreaseTimes = format.publishesIncreaseTimes();
    }

    @Override
    public void open(OpenContext openContext) {
        counts = getRuntimeContext().getState(new ValueStateDescriptor<>("counts", ItemCounts.class));
        neighbours = getRuntimeContext().getState(new ValueStateDescriptor<>("neighbourCounts", NeighbourCounts.class));
        flush.open(getRuntimeContext());
        recentExpiry.open(getRuntimeContext());
    }

    @Override
    public void processElement(ItemDelta delta, Context ctx, Collector<TopicRecord> out) throws Exception {
        // Dated by its events (the newest of those combined into it), never before the watermark: the
        // watermark alone lags behind a jump in event time (history, then today's purchases).
        long watermark = ctx.timerService().currentWatermark();
        long now = eventTime(ctx.timestamp() == null ? watermark : Math.max(watermark, ctx.timestamp()));
        if (delta.isPair()) {
            NeighbourCounts current = neighbours.value();
            NeighbourCounts updated = current == null ? new NeighbourCounts() : current;
            long increasedAt = keepsIncreaseTimes ? now : NeighbourCount.UNKNOWN;
            delta.forEachChange((neighbour, change) -> updated.add(neighbour, change, increasedAt));
            if (updated.isEmpty()) {
                neighbours.clear();
            } else {
                neighbours.update(updated);
            }
        }
        if (delta.hasCounts()) {
            ItemCounts current = counts.value();
            ItemCounts updated = current == null ? new ItemCounts() : current;
            updated.add(delta);
            if (recentDays > 0 && delta.newBuyers != 0) {
                // by the day of the purchases themselves, late ones too (a late purchase is no recent
                // one: its day may already be out of the window); the combiner sends each day apart
                long bought = ctx.timestamp() == null ? eventTime(watermark) : ctx.timestamp();
                updated.addRecentBuyers(day(bought), delta.newBuyers, recentDays);
            }
            counts.update(updated);
        }
        flush.changed(ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TopicRecord> out) throws Exception {
        TimerService timers = ctx.timerService();
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME && timestamp != Long.MAX_VALUE && recentExpiry.due(timestamp)) {
            // A day of new buyers left the window. The final watermark of a bounded input fires this
            // timer too, but it ends the input rather than passing days: nothing leaves then.
            if (timers.currentWatermark() != Long.MAX_VALUE) {
                flush.changed(timers);
            }
            return;
        }
        if (!flush.due(timers)) {
            return;
        }
        String itemId = ctx.getCurrentKey();
        ItemCounts c = counts.value();
        NeighbourCounts n = neighbours.value();
        if ((c == null || c.isZero()) && n == null) {
            counts.clear();
            neighbours.clear();
            recentExpiry.cancel(timers);
            out.collect(TopicRecord.tombstone(itemId));
            return;
        }
        ItemCounts item = c == null ? new ItemCounts() : c;
        List<NeighbourCount> top = n == null ? List.of() : n.top(neighboursPerItem);
        long asOf = eventTime(timers.currentWatermark());
        if (n != null && (asOf == NeighbourCount.UNKNOWN || n.latestIncrease() > asOf)) {
            // a pair dated by events newer than the lagging watermark: the snapshot is at least that recent
            asOf = n.latestIncrease();
        }
        long recentBuyers = recentBuyers(itemId, c, timers);
        out.collect(new TopicRecord(
                itemId, format.encode(itemId, item, top, recentBuyers, asOf, timers.currentProcessingTime())));
    }

    /**
     * The item's new buyers of the window up to the watermark's day (or its newest day, before a
     * watermark); drops the days out of the window and schedules the republish for when the oldest
     * day left leaves it.
     */
    private long recentBuyers(String itemId, ItemCounts c, TimerService timers) throws Exception {
        if (recentDays == 0 || c == null || c.recent == null) {
            return 0;
        }
        long watermark = eventTime(timers.currentWatermark());
        long today = watermark == NeighbourCount.UNKNOWN ? c.recent.newestDay() : RecentBuyers.day(watermark);
        if (today != RecentBuyers.UNDATED) {
            c.recent.prune(today, recentDays);
            if (c.recent.isEmpty()) {
                c.recent = null;
                counts.update(c);
                return 0;
            }
            counts.update(c);
        }
        // Also before the first watermark: history stamped by its events must leave the window, and
        // the item be republished, once the watermark passes, even if nothing else changes it.
        if (c.recent.size > 0) {
            recentExpiry.schedule(RecentBuyers.startOf(c.recent.oldestDay() + recentDays) + spread(itemId), timers);
        }
        return c.recentBuyers(today, recentDays);
    }

    /**
     * A time within a day, by the itemId, so that the items whose oldest day leaves the window do not
     * all republish at once.
     */
    private static long spread(String itemId) {
        long h = itemId.hashCode() * 0x9E3779B97F4A7C15L;
        return Math.floorMod(h ^ (h >>> 32), RecentBuyers.startOf(1));
    }

    /** The epoch day of an event time, {@link RecentBuyers#UNDATED} for an unknown one. */
    private static long day(long eventTime) {
        return eventTime == NeighbourCount.UNKNOWN ? RecentBuyers.UNDATED : RecentBuyers.day(eventTime);
    }

    /**
     * The watermark as an event time, {@link NeighbourCount#UNKNOWN} before the first watermark and
     * at the final one of a bounded input, which marks the end of the input rather than a time.
     */
    static long eventTime(long watermark) {
        return watermark == Long.MIN_VALUE || watermark == Long.MAX_VALUE ? NeighbourCount.UNKNOWN : watermark;
    }
}
