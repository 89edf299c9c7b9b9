package io.rapport.jobs.copurchase;

import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.jobs.state.FlushSchedule;
import io.rapport.kafka.Json;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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
 * item's state.
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
         * @param updatedAt processing time, epoch milliseconds
         * @return the value to publish as JSON
         */
        Object snapshot(String itemId, ItemCounts counts, List<NeighbourCount> neighbours, long updatedAt);

        /** The published JSON: {@link #snapshot} encoded by {@link Json}, unless a format writes it directly. */
        default byte[] encode(String itemId, ItemCounts counts, List<NeighbourCount> neighbours, long updatedAt) {
            return Json.encode(snapshot(itemId, counts, neighbours, updatedAt));
        }
    }

    /** The co-purchase job's record. */
    static final SnapshotFormat ITEM_SNAPSHOT = new ItemSnapshotFormat();

    private final int neighboursPerItem;
    private final FlushSchedule flush;
    private final SnapshotFormat format;

    private transient ValueState<ItemCounts> counts;
    private transient ValueState<NeighbourCounts> neighbours;

    public ItemNeighboursFunction(CoPurchaseSettings settings) {
        this(settings.neighboursPerItem(), settings.flushInterval(), ITEM_SNAPSHOT);
    }

    /**
     * @param neighboursPerItem neighbours published per item
     * @param flushInterval at most one snapshot per item per interval
     */
    public ItemNeighboursFunction(int neighboursPerItem, Duration flushInterval, SnapshotFormat format) {
        this.neighboursPerItem = neighboursPerItem;
        this.flush = new FlushSchedule(flushInterval);
        this.format = format;
    }

    @Override
    public void open(OpenContext openContext) {
        counts = getRuntimeContext().getState(new ValueStateDescriptor<>("counts", ItemCounts.class));
        neighbours = getRuntimeContext().getState(new ValueStateDescriptor<>("neighbourCounts", NeighbourCounts.class));
        flush.open(getRuntimeContext());
    }

    @Override
    public void processElement(ItemDelta delta, Context ctx, Collector<TopicRecord> out) throws Exception {
        if (delta.isPair()) {
            NeighbourCounts current = neighbours.value();
            NeighbourCounts updated = current == null ? new NeighbourCounts() : current;
            delta.forEachChange((neighbour, change) -> updated.add(neighbour, change));
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
            counts.update(updated);
        }
        flush.changed(ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TopicRecord> out) throws Exception {
        if (!flush.due(ctx.timerService())) {
            return;
        }
        String itemId = ctx.getCurrentKey();
        ItemCounts c = counts.value();
        NeighbourCounts n = neighbours.value();
        if ((c == null || c.isZero()) && n == null) {
            counts.clear();
            neighbours.clear();
            out.collect(TopicRecord.tombstone(itemId));
            return;
        }
        ItemCounts item = c == null ? new ItemCounts() : c;
        List<NeighbourCount> top = n == null ? List.of() : n.top(neighboursPerItem);
        out.collect(new TopicRecord(itemId, format.encode(itemId, item, top, ctx.timerService().currentProcessingTime())));
    }
}
