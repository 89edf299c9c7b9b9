package io.rapport.jobs.copurchase;

import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.PairCounting;
import io.rapport.event.EventType;
import io.rapport.jobs.ingest.ShopperAction;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.jobs.state.EarliestTimer;
import io.rapport.jobs.state.EraseMarker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
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
public class CustomerItemsFunction extends ItemDeltaFunction<ShopperAction> {
    private static final long serialVersionUID = 1L;

    /** The customer's bought items as JSON {@link CustomerItems}, keyed by customerId; tombstone when none. */
    public static final OutputTag<TopicRecord> CUSTOMER_ITEMS = new OutputTag<>("customer-items") {};
    /** +1 when a customer starts counting as a buyer, -1 when they stop. */
    public static final OutputTag<Long> POPULATION = new OutputTag<>("population", Types.LONG);

    private static final byte[] JSON_CUSTOMER_ID = "{\"customerId\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_ITEMS = ",\"items\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_END = "]}".getBytes(StandardCharsets.US_ASCII);

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

    /**
     * Reads the customer's items once, with no copy of the state, and writes back only the marks
     * this purchase changes: it runs for every purchase, and the per-event copies, sets and sorts
     * of entries led the customer stage's profile.
     */
    private void purchase(ShopperAction action, Context ctx, Collector<ItemDelta> out) throws Exception {
        Basket basket = new Basket(action);
        BoughtItems bought = new BoughtItems();
        for (Map.Entry<String, ItemMark> e : items.entries()) {
            basket.attach(e.getKey(), e.getValue());
            bought.add(e.getKey(), e.getValue());
        }
        List<String> owned = bought.inOrder();
        List<String> fresh = PairCounting.newlyBought(owned.size(), basket::owns, basket.itemIds(), maxItemsPerCustomer);
        int rank = bought.nextRank();
        List<ItemDelta> freshCounts = new ArrayList<>(fresh.size());
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < basket.size(); i++) {
            String itemId = basket.itemId(i);
            ItemMark mark = basket.mark(i);
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
                freshCounts.add(ItemDelta.counts(itemId, basket.category(i), 1, 0, mark.viewed ? 1 : 0));
            }
            if (isFresh || action.timestamp > mark.lastTs) {
                mark.lastTs = Math.max(mark.lastTs, action.timestamp);
                items.put(itemId, mark);
            }
            earliest = Math.min(earliest, mark.lastTs);
        }
        // a new item's buyer count travels in its pair record: one record per item, not two
        emitPairs(owned, fresh, 1, freshCounts, out);
        if (!fresh.isEmpty()) {
            if (owned.isEmpty()) {
                ctx.output(POPULATION, 1L);
            }
            List<String> nowOwned = new ArrayList<>(owned.size() + fresh.size());
            nowOwned.addAll(owned);
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
        emitPairs(kept, lostBought, -1, null, out);
        if (kept.isEmpty()) {
            ctx.output(POPULATION, -1L);
        }
        emitCustomerItems(ctx.getCurrentKey(), kept, ctx);
    }

    private static void emitCustomerItems(String customerId, List<String> bought, Context ctx) {
        ctx.output(CUSTOMER_ITEMS, bought.isEmpty()
                ? TopicRecord.tombstone(customerId)
                : new TopicRecord(customerId, customerItemsJson(customerId, bought)));
    }

    /**
     * The {@link CustomerItems} record as {@code Json.encode} writes it (component order, Jackson's
     * string escaping), written directly: the mapper showed in the profile at one record per purchase
     * that adds items.
     */
    private static byte[] customerItemsJson(String customerId, List<String> bought) {
        JsonBytes json = new JsonBytes(32 + customerId.length() + 24 * bought.size());
        json.raw(JSON_CUSTOMER_ID).string(customerId).raw(JSON_ITEMS);
        for (int i = 0; i < bought.size(); i++) {
            if (i > 0) {
                json.raw((byte) ',');
            }
            json.string(bought.get(i));
        }
        return json.raw(JSON_END).toByteArray();
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

    private static List<String> boughtInOrder(Map<String, ItemMark> marks) {
        BoughtItems bought = new BoughtItems();
        for (Map.Entry<String, ItemMark> e : marks.entrySet()) {
            bought.add(e.getKey(), e.getValue());
        }
        return bought.inOrder();
    }

    /**
     * The bought items among a customer's marks, put in first-bought order by sorting (rank, index)
     * pairs packed into longs rather than entries with a comparator: it runs per purchase. Equal
     * ranks, which the function never gives, would keep the order in which they were added.
     */
    private static final class BoughtItems {
        private String[] itemIds = new String[16];
        private long[] rankThenIndex = new long[16];
        private int size;
        private int nextRank;

        void add(String itemId, ItemMark mark) {
            if (!mark.bought) {
                return;
            }
            if (size == itemIds.length) {
                itemIds = Arrays.copyOf(itemIds, size * 2);
                rankThenIndex = Arrays.copyOf(rankThenIndex, size * 2);
            }
            itemIds[size] = itemId;
            rankThenIndex[size] = ((long) mark.boughtRank << 32) | size;
            size++;
            nextRank = Math.max(nextRank, mark.boughtRank + 1);
        }

        /** One more than the highest rank, 0 when nothing is bought: the rank of the next item bought. */
        int nextRank() {
            return nextRank;
        }

        List<String> inOrder() {
            Arrays.sort(rankThenIndex, 0, size);
            String[] ordered = new String[size];
            for (int i = 0; i < size; i++) {
                ordered[i] = itemIds[(int) rankThenIndex[i]];
            }
            return Arrays.asList(ordered);
        }
    }

    /**
     * A purchase's distinct items in order of appearance, each with the first category given for it
     * (the first that is not null) and, once attached, the customer's mark of it. Items are found
     * by an open-addressing table of their ids' hashes, so that neither a large event nor a customer
     * with many items costs a product of the two.
     */
    private static final class Basket {
        private final String[] itemIds;
        private final String[] categories;
        private final ItemMark[] marks;
        /** Index + 1 of the item whose id hashes to the slot or is probed past it; 0 when free. */
        private final int[] slots;
        private int size;

        Basket(ShopperAction action) {
            int n = action.itemIds.length;
            itemIds = new String[n];
            categories = new String[n];
            marks = new ItemMark[n];
            slots = new int[Integer.highestOneBit(Math.max(n, 1)) * 4];
            for (int i = 0; i < n; i++) {
                String category = action.categories == null ? null : action.categories[i];
                int slot = slotOf(action.itemIds[i]);
                if (slots[slot] == 0) {
                    itemIds[size] = action.itemIds[i];
                    categories[size] = category;
                    slots[slot] = ++size;
                } else if (categories[slots[slot] - 1] == null) {
                    categories[slots[slot] - 1] = category;
                }
            }
        }

        /** The slot that holds {@code itemId}, or the free slot where it would go. */
        private int slotOf(String itemId) {
            int mask = slots.length - 1;
            int h = itemId.hashCode();
            int slot = (h ^ (h >>> 16)) & mask;
            while (slots[slot] != 0 && !itemIds[slots[slot] - 1].equals(itemId)) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        /** Keeps {@code mark} if {@code itemId} is in the basket. */
        void attach(String itemId, ItemMark mark) {
            int at = slots[slotOf(itemId)];
            if (at != 0) {
                marks[at - 1] = mark;
            }
        }

        int size() {
            return size;
        }

        /** The distinct items, in order of appearance. */
        List<String> itemIds() {
            return Arrays.asList(itemIds).subList(0, size);
        }

        /** Whether {@code itemId} is in the basket and the customer already bought it. */
        boolean owns(String itemId) {
            int at = slots[slotOf(itemId)];
            return at != 0 && marks[at - 1] != null && marks[at - 1].bought;
        }

        String itemId(int i) {
            return itemIds[i];
        }

        String category(int i) {
            return categories[i];
        }

        /** The customer's mark of the item, null when they have none. */
        ItemMark mark(int i) {
            return marks[i];
        }
    }
}
