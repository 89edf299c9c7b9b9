package io.rapport.jobs.copurchase;

import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.PairCounting;
import io.rapport.event.EventType;
import io.rapport.jobs.ingest.ShopperAction;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.jobs.state.EarliestTimer;
import io.rapport.jobs.state.EraseMarker;
import io.rapport.kafka.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Stage 1 of co-purchase counting, keyed by customerId: keeps which items each customer bought and
 * viewed and turns every change of those sets into {@link ItemDelta}s for {@link
 * ItemNeighboursFunction}, following {@link PairCounting}.
 *
 * <p>Invariants, per customer:
 *
 * <ul>
 *   <li>The deltas emitted so far sum to exactly the customer's current contribution: +1 buyer per
 *       bought item, +1 viewer per viewed item, +1 viewer-who-bought per item both viewed and
 *       bought, +1 in each direction per pair of bought items, and +1 {@link #POPULATION} while
 *       anything is bought. Adding or removing an item emits exactly the difference, so a
 *       duplicated or replayed event, or a purchase of an owned item, emits nothing.
 *   <li>At most {@code maxItemsPerCustomer} items are bought and {@code maxViewedItemsPerCustomer}
 *       viewed; items past a cap are ignored, which depends only on the customer's event order.
 *   <li>{@link #CUSTOMER_ITEMS} receives the bought items, in first-bought order, whenever they
 *       change, and a tombstone when none are left.
 * </ul>
 *
 * <p>State is bounded and always cleared: an item is removed (with its negative deltas) once
 * {@code retention} of event time has passed since the customer last bought or viewed it, by one
 * event-time timer per customer at the earliest such expiry; events already past retention are
 * ignored. {@code erase} removes everything at once and leaves only an erasedAt marker, so that a
 * replay of the customer's older events (timestamp at or before the erase) is ignored; the marker is
 * cleared by its own timer when those events would have expired anyway.
 *
 * <p>The final watermark of a bounded input ({@code Long.MAX_VALUE}) marks the end of the input, not
 * the passing of time, so it expires nothing: a bounded run ends with the counts of its events.
 */
public class CustomerItemsFunction extends KeyedProcessFunction<String, ShopperAction, ItemDelta> {
    private static final long serialVersionUID = 1L;

    /** The customer's bought items as JSON {@link CustomerItems}, keyed by customerId; tombstone when none. */
    public static final OutputTag<TopicRecord> CUSTOMER_ITEMS = new OutputTag<>("customer-items") {};
    /** +1 when a customer starts counting as a buyer, -1 when they stop. */
    public static final OutputTag<Long> POPULATION = new OutputTag<>("population", Types.LONG);

    private static final Comparator<Map.Entry<String, ItemMark>> BY_BOUGHT_RANK =
            (a, b) -> Integer.compare(a.getValue().boughtRank, b.getValue().boughtRank);

    private final int maxItemsPerCustomer;
    private final int maxViewedItemsPerCustomer;
    private final long retentionMillis;

    private final EarliestTimer expiry = new EarliestTimer("expiryTimer");
    private final EraseMarker eraseMarker;

    private transient MapState<String, ItemMark> items;

    public CustomerItemsFunction(CoPurchaseSettings settings) {
        this.maxItemsPerCustomer = settings.maxItemsPerCustomer();
        this.maxViewedItemsPerCustomer = settings.maxViewedItemsPerCustomer();
        this.retentionMillis = settings.retention().toMillis();
        this.eraseMarker = new EraseMarker(retentionMillis);
    }

    @Override
    public void open(OpenContext openContext) {
        items = getRuntimeContext().getMapState(new MapStateDescriptor<>("items", String.class, ItemMark.class));
        expiry.open(getRuntimeContext());
        eraseMarker.open(getRuntimeContext());
    }

    @Override
    public void processElement(ShopperAction action, Context ctx, Collector<ItemDelta> out) throws Exception {
        if (eraseMarker.covers(action.timestamp)) {
            return;
        }
        if (action.type == EventType.ERASE) {
            erase(action.timestamp, ctx, out);
            return;
        }
        if (action.timestamp + retentionMillis <= ctx.timerService().currentWatermark()) {
            return;
        }
        if (action.type == EventType.PURCHASE) {
            purchase(action, ctx, out);
        } else if (action.type == EventType.VIEW) {
            view(action, ctx, out);
        }
    }

    private void purchase(ShopperAction action, Context ctx, Collector<ItemDelta> out) throws Exception {
        Map<String, ItemMark> marks = loadMarks();
        List<String> owned = boughtInOrder(marks);
        Map<String, String> categories = categoriesOf(action);
        List<String> fresh = PairCounting.newlyBought(Set.copyOf(owned), categories.keySet(), maxItemsPerCustomer);

        int rank = nextBoughtRank(marks);
        Map<String, ItemDelta> freshCounts = new HashMap<>();
        long earliest = Long.MAX_VALUE;
        for (String itemId : categories.keySet()) {
            ItemMark mark = marks.get(itemId);
            boolean isFresh = fresh.contains(itemId);
            if (!isFresh && (mark == null || !mark.bought)) {
                continue; // past the cap: ignored entirely, so it neither counts nor is kept
            }
            if (mark == null) {
                mark = new ItemMark();
            }
            if (isFresh) {
                mark.bought = true;
                mark.boughtRank = rank++;
                freshCounts.put(itemId, ItemDelta.counts(itemId, categories.get(itemId), 1, 0, mark.viewed ? 1 : 0));
            }
            mark.lastTs = Math.max(mark.lastTs, action.timestamp);
            earliest = Math.min(earliest, mark.lastTs);
            items.put(itemId, mark);
        }
        // a new item's buyer count travels in its pair record: one record per item, not two
        ItemDelta.pairs(owned, fresh, 1, fresh.stream().map(freshCounts::get).toList(), out);
        if (!fresh.isEmpty()) {
            if (owned.isEmpty()) {
                ctx.output(POPULATION, 1L);
            }
            List<String> nowOwned = new ArrayList<>(owned);
            nowOwned.addAll(fresh);
            emitCustomerItems(ctx.getCurrentKey(), nowOwned, ctx);
        }
        if (earliest != Long.MAX_VALUE) {
            expiry.schedule(earliest + retentionMillis, ctx.timerService());
        }
    }

    private void view(ShopperAction action, Context ctx, Collector<ItemDelta> out) throws Exception {
        String itemId = action.itemIds[0];
        ItemMark mark = items.get(itemId);
        boolean firstView = (mark == null || !mark.viewed) && countViewed() < maxViewedItemsPerCustomer;
        if (mark == null && !firstView) {
            return;
        }
        if (mark == null) {
            mark = new ItemMark();
        }
        if (firstView) {
            mark.viewed = true;
            out.collect(ItemDelta.counts(itemId, action.categories[0], 0, 1, mark.bought ? 1 : 0));
        }
        mark.lastTs = Math.max(mark.lastTs, action.timestamp);
        items.put(itemId, mark);
        expiry.schedule(mark.lastTs + retentionMillis, ctx.timerService());
    }

    private void erase(long timestamp, Context ctx, Collector<ItemDelta> out) throws Exception {
        Map<String, ItemMark> marks = loadMarks();
        remove(marks, List.of(), ctx, out);
        items.clear();
        expiry.cancel(ctx.timerService());
        eraseMarker.mark(timestamp, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ItemDelta> out) throws Exception {
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            return;
        }
        eraseMarker.onTimer(timestamp);
        if (!expiry.due(timestamp)) {
            return;
        }
        Map<String, ItemMark> marks = loadMarks();
        Map<String, ItemMark> remaining = new LinkedHashMap<>();
        Map<String, ItemMark> expired = new LinkedHashMap<>();
        marks.forEach((id, mark) -> (mark.lastTs + retentionMillis <= timestamp ? expired : remaining).put(id, mark));
        for (String itemId : expired.keySet()) {
            items.remove(itemId);
        }
        remove(expired, boughtInOrder(remaining), ctx, out);
        OptionalLong oldest = remaining.values().stream().mapToLong(m -> m.lastTs).min();
        if (oldest.isPresent()) {
            expiry.schedule(oldest.getAsLong() + retentionMillis, ctx.timerService());
        }
    }

    /**
     * Emits the exact negatives of what {@code removed} contributed, given that {@code kept} (bought,
     * in first-bought order) stays, and the customer's new bought items. State is left to the caller.
     */
    private void remove(Map<String, ItemMark> removed, List<String> kept, Context ctx, Collector<ItemDelta> out) {
        for (Map.Entry<String, ItemMark> e : removed.entrySet()) {
            ItemMark m = e.getValue();
            out.collect(ItemDelta.counts(
                    e.getKey(), null, m.bought ? -1 : 0, m.viewed ? -1 : 0, m.bought && m.viewed ? -1 : 0));
        }
        List<String> lostBought = boughtInOrder(removed);
        if (lostBought.isEmpty()) {
            return;
        }
        ItemDelta.pairs(kept, lostBought, -1, out);
        if (kept.isEmpty()) {
            ctx.output(POPULATION, -1L);
        }
        emitCustomerItems(ctx.getCurrentKey(), kept, ctx);
    }

    private static void emitCustomerItems(String customerId, List<String> bought, Context ctx) {
        ctx.output(CUSTOMER_ITEMS, bought.isEmpty()
                ? TopicRecord.tombstone(customerId)
                : new TopicRecord(customerId, Json.encode(new CustomerItems(customerId, List.copyOf(bought)))));
    }

    private Map<String, ItemMark> loadMarks() throws Exception {
        Map<String, ItemMark> marks = new HashMap<>();
        for (Map.Entry<String, ItemMark> e : items.entries()) {
            marks.put(e.getKey(), e.getValue());
        }
        return marks;
    }

    private int countViewed() throws Exception {
        int viewed = 0;
        for (ItemMark mark : items.values()) {
            viewed += mark.viewed ? 1 : 0;
        }
        return viewed;
    }

    /** Runs per purchase, so plain loops rather than streams (they showed in the profile). */
    private static List<String> boughtInOrder(Map<String, ItemMark> marks) {
        List<Map.Entry<String, ItemMark>> bought = new ArrayList<>(marks.size());
        for (Map.Entry<String, ItemMark> e : marks.entrySet()) {
            if (e.getValue().bought) {
                bought.add(e);
            }
        }
        bought.sort(BY_BOUGHT_RANK);
        List<String> items = new ArrayList<>(bought.size());
        for (Map.Entry<String, ItemMark> e : bought) {
            items.add(e.getKey());
        }
        return items;
    }

    private static int nextBoughtRank(Map<String, ItemMark> marks) {
        int next = 0;
        for (ItemMark m : marks.values()) {
            if (m.bought) {
                next = Math.max(next, m.boughtRank + 1);
            }
        }
        return next;
    }

    /** The event's distinct items in order of appearance, each with the first category given for it. */
    private static Map<String, String> categoriesOf(ShopperAction action) {
        Map<String, String> categories = new LinkedHashMap<>();
        for (int i = 0; i < action.itemIds.length; i++) {
            if (categories.get(action.itemIds[i]) == null) {
                categories.put(action.itemIds[i], action.categories == null ? null : action.categories[i]);
            }
        }
        return categories;
    }
}
