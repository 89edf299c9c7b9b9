package io.rapport.jobs.copurchase;

import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.PairCounting;
import io.rapport.event.EventType;
import io.rapport.jobs.ingest.ShopperAction;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.jobs.serial.EncodedStrings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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
 *       bought, +1 in each direction per pair of bought items that take part in pairs, and +1 {@link #POPULATION} while
 *       anything is bought. Adding or removing an item emits exactly the difference, so a
 *       duplicated or replayed event, or a purchase of an owned item, emits nothing. The eventIds of
 *       the customer's last {@value CustomerMarks#RECENT_EVENTS} purchases and views are remembered,
 *       so a reused eventId with other items counts once too (the first event under it).
 *   <li>At most {@code maxBoughtItemsPerCustomer} items are bought, the first {@code
 *       maxItemsPerCustomer} of them in pairs, and {@code maxViewedItemsPerCustomer}
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
 * cleared by its own timer when those events would have expired anyway. All of it is one {@link
 * CustomerMarks} value per customer (items, pending expiry, erase marker), read and written once per
 * event.
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
    private final int maxBoughtItemsPerCustomer;
    private final int maxViewedItemsPerCustomer;
    private final long retentionMillis;
    private final int recentDays;

    private transient ValueState<CustomerMarks> customer;
    private transient EncodedStrings quotedIds;

    public CustomerItemsFunction(CoPurchaseSettings settings) {
        this.maxItemsPerCustomer = settings.maxItemsPerCustomer();
        this.maxBoughtItemsPerCustomer = settings.maxBoughtItemsPerCustomer();
        this.maxViewedItemsPerCustomer = settings.maxViewedItemsPerCustomer();
        this.retentionMillis = settings.retention().toMillis();
        this.recentDays = settings.recentDays();
    }

    @Override
    public void open(OpenContext openContext) {
        customer = getRuntimeContext().getState(new ValueStateDescriptor<>("customer", CustomerMarks.class));
        quotedIds = new EncodedStrings(
                4096, id -> new JsonBytes(id.length() + 2).string(id).toByteArray());
    }

    @Override
    public void processElement(ShopperAction action, Context ctx, Collector<ItemDelta> out) throws Exception {
        CustomerMarks marks = customer.value();
        if (marks != null && marks.erasedSince(action.timestamp)) {
            return;
        }
        if (action.type == EventType.ERASE) {
            erase(marks == null ? new CustomerMarks() : marks, action.timestamp, ctx, out);
            return;
        }
        if (action.timestamp + retentionMillis <= ctx.timerService().currentWatermark()) {
            return;
        }
        if (action.type != EventType.PURCHASE && action.type != EventType.VIEW) {
            return;
        }
        long idHash = CustomerMarks.eventHash(action.eventId);
        if (marks != null && marks.isRecentEvent(idHash)) {
            return; // a reused eventId: the first event under it counted, whatever this one holds
        }
        marks = marks == null ? new CustomerMarks() : marks;
        if (action.type == EventType.PURCHASE) {
            purchase(marks, action, ctx, out);
        } else {
            view(marks, action, ctx, out);
        }
        if (marks.isEmpty()) {
            return; // past every cap: nothing to keep, and a repeat would change nothing either
        }
        marks.rememberEvent(idHash);
        customer.update(marks);
    }

    /**
     * Finds the basket's items among the customer's and changes only their marks: it runs for
     * every purchase, and the per-event copies, sets and sorts of entries led the customer stage's
     * profile.
     */
    private void purchase(CustomerMarks marks, ShopperAction action, Context ctx, Collector<ItemDelta> out)
            throws Exception {
        Basket basket = new Basket(action, marks);
        List<String> owned = marks.boughtInOrder();
        List<String> paired = marks.hasUnpaired() ? marks.pairedInOrder() : owned;
        List<String> fresh =
                PairCounting.newlyBought(owned.size(), basket::owns, basket.itemIds(), maxBoughtItemsPerCustomer);
        List<String> freshPaired = PairCounting.paired(fresh, paired.size(), maxItemsPerCustomer);
        int rank = fresh.isEmpty() ? 0 : marks.nextRank();
        List<ItemDelta> freshCounts = new ArrayList<>(fresh.size());
        long earliest = Long.MAX_VALUE;
        for (int i = 0, f = 0; i < basket.size(); i++) {
            String itemId = basket.itemId(i);
            int e = basket.entry(i);
            boolean isFresh = f < fresh.size() && fresh.get(f) == itemId;
            if (isFresh) {
                f++;
                if (e < 0) {
                    e = marks.add(itemId, action.timestamp);
                }
                boolean pairs = f <= freshPaired.size(); // f counts this item already
                marks.markBought(e, rank++, pairs);
                marks.lastTs[e] = Math.max(marks.lastTs[e], action.timestamp);
                ItemDelta counts = ItemDelta.bought(itemId, basket.category(i), marks.viewed[e] ? 1 : 0);
                if (pairs) {
                    freshCounts.add(counts);
                } else {
                    out.collect(counts); // bought past the pair cap: a buyer, in no pair
                }
            } else if (e >= 0 && marks.bought(e)) {
                marks.lastTs[e] = Math.max(marks.lastTs[e], action.timestamp);
            } else {
                continue; // past the bought cap: ignored entirely, so it neither counts nor is kept
            }
            earliest = Math.min(earliest, marks.lastTs[e]);
        }
        // a new item's buyer count travels in its pair record: one record per item, not two
        emitPairs(paired, freshPaired, 1, freshCounts, out);
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
            scheduleExpiry(marks, earliest + retentionMillis, ctx);
        }
    }

    private void view(CustomerMarks marks, ShopperAction action, Context ctx, Collector<ItemDelta> out) {
        String itemId = action.itemIds[0];
        int e = marks.find(itemId);
        boolean firstView = (e < 0 || !marks.viewed[e]) && marks.viewedCount() < maxViewedItemsPerCustomer;
        if (e < 0 && !firstView) {
            return;
        }
        if (e < 0) {
            e = marks.add(itemId, action.timestamp);
        }
        if (firstView) {
            marks.viewed[e] = true;
            out.collect(ItemDelta.counts(itemId, action.categories[0], 0, 1, marks.bought(e) ? 1 : 0));
        }
        marks.lastTs[e] = Math.max(marks.lastTs[e], action.timestamp);
        scheduleExpiry(marks, marks.lastTs[e] + retentionMillis, ctx);
    }

    /**
     * Removes everything at once and keeps only the erase marker, with its own timer one retention
     * later, when the customer's older events would be ignored as too old anyway.
     */
    private void erase(CustomerMarks marks, long timestamp, Context ctx, Collector<ItemDelta> out) throws Exception {
        long today = RecentBuyers.day(Math.max(timestamp, ctx.timerService().currentWatermark()));
        long recentSince = RecentBuyers.startOf(today - recentDays + 1);
        remove(marks.removeAll(), List.of(), List.of(), recentSince, ctx, out);
        marks.forgetEvents();
        if (marks.expiryAt != CustomerMarks.NO_TIMER) {
            ctx.timerService().deleteEventTimeTimer(marks.expiryAt);
            marks.expiryAt = CustomerMarks.NO_TIMER;
        }
        if (marks.erasedAt != CustomerMarks.NOT_ERASED) {
            ctx.timerService().deleteEventTimeTimer(marks.erasedAt + retentionMillis);
        }
        marks.erasedAt = timestamp;
        ctx.timerService().registerEventTimeTimer(timestamp + retentionMillis);
        customer.update(marks);
    }

    /** Makes sure an expiry timer fires at or before {@code expiry}. */
    private static void scheduleExpiry(CustomerMarks marks, long expiry, Context ctx) {
        if (marks.expiryAt <= expiry) {
            return;
        }
        if (marks.expiryAt != CustomerMarks.NO_TIMER) {
            ctx.timerService().deleteEventTimeTimer(marks.expiryAt);
        }
        ctx.timerService().registerEventTimeTimer(expiry);
        marks.expiryAt = expiry;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ItemDelta> out) throws Exception {
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            return;
        }
        CustomerMarks marks = customer.value();
        if (marks == null) {
            return;
        }
        if (marks.erasedAt != CustomerMarks.NOT_ERASED && marks.erasedAt + retentionMillis <= timestamp) {
            marks.erasedAt = CustomerMarks.NOT_ERASED;
        }
        if (marks.expiryAt != CustomerMarks.NO_TIMER && marks.expiryAt <= timestamp) {
            marks.expiryAt = CustomerMarks.NO_TIMER;
            CustomerMarks expired = marks.removeUpTo(timestamp - retentionMillis);
            remove(expired, marks.boughtInOrder(), marks.pairedInOrder(), Long.MAX_VALUE, ctx, out);
            long oldest = marks.oldest();
            if (oldest != Long.MAX_VALUE) {
                scheduleExpiry(marks, oldest + retentionMillis, ctx);
            }
        }
        if (marks.isEmpty()) {
            customer.clear();
        } else {
            customer.update(marks);
        }
    }

    /**
     * Emits the exact negatives of what {@code removed} contributed, given that {@code kept} (bought,
     * in first-bought order; {@code keptPaired} of them in pairs) stays, and the customer's new bought
     * items. A buyer removed whose latest purchase or view of the item was at or after {@code
     * recentSince} is also a lost new buyer ({@link ItemDelta#newBuyers}): an erase passes the first
     * moment of the item stage's recent window, so erasing a customer who bought long ago leaves the
     * item's recent buyers alone (their +1 has left the window); an expiry passes {@code
     * Long.MAX_VALUE} (the purchase lies a retention back). State is left to the caller.
     */
    private void remove(
            CustomerMarks removed,
            List<String> kept,
            List<String> keptPaired,
            long recentSince,
            Context ctx,
            Collector<ItemDelta> out) {
        for (int e = 0; e < removed.size; e++) {
            boolean bought = removed.bought(e);
            boolean viewed = removed.viewed[e];
            ItemDelta d = ItemDelta.counts(
                    removed.itemIds[e], null, bought ? -1 : 0, viewed ? -1 : 0, bought && viewed ? -1 : 0);
            d.newBuyers = bought && removed.lastTs[e] >= recentSince ? -1 : 0;
            out.collect(d);
        }
        List<String> lostBought = removed.boughtInOrder();
        if (lostBought.isEmpty()) {
            return;
        }
        emitPairs(keptPaired, removed.pairedInOrder(), -1, null, out);
        if (kept.isEmpty()) {
            ctx.output(POPULATION, -1L);
        }
        emitCustomerItems(ctx.getCurrentKey(), kept, ctx);
    }

    private void emitCustomerItems(String customerId, List<String> bought, Context ctx) {
        ctx.output(
                CUSTOMER_ITEMS,
                bought.isEmpty()
                        ? TopicRecord.tombstone(customerId)
                        : new TopicRecord(customerId, customerItemsJson(customerId, bought)));
    }

    /**
     * The {@link CustomerItems} record as {@code Json.encode} writes it (component order, Jackson's
     * string escaping), written directly: the mapper showed in the profile at one record per purchase
     * that adds items. The quoted ids come from a cache of their encodings ({@link EncodedStrings}).
     */
    private byte[] customerItemsJson(String customerId, List<String> bought) {
        JsonBytes json = new JsonBytes(32 + customerId.length() + 24 * bought.size());
        json.raw(JSON_CUSTOMER_ID).string(customerId).raw(JSON_ITEMS);
        for (int i = 0; i < bought.size(); i++) {
            if (i > 0) {
                json.raw((byte) ',');
            }
            json.raw(quotedIds.of(bought.get(i)));
        }
        return json.raw(JSON_END).toByteArray();
    }

    /**
     * A purchase's distinct items in order of appearance, each with the first category given for it
     * (the first that is not null) and the customer's entry of it in {@link CustomerMarks}. Repeats
     * are found by an open-addressing table of the ids' hashes, so a large event costs no product of
     * its items.
     */
    private static final class Basket {
        private final CustomerMarks marks;
        private final String[] itemIds;
        private final String[] categories;
        private final int[] entries;
        /** Index + 1 of the item whose id hashes to the slot or is probed past it; 0 when free. */
        private final int[] slots;

        private int size;

        Basket(ShopperAction action, CustomerMarks marks) {
            this.marks = marks;
            int n = action.itemIds.length;
            itemIds = new String[n];
            categories = new String[n];
            entries = new int[n];
            slots = new int[Integer.highestOneBit(Math.max(n, 1)) * 4];
            for (int i = 0; i < n; i++) {
                String category = action.categories == null ? null : action.categories[i];
                int slot = slotOf(action.itemIds[i]);
                if (slots[slot] == 0) {
                    itemIds[size] = action.itemIds[i];
                    categories[size] = category;
                    entries[size] = marks.find(action.itemIds[i]);
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
            return at != 0 && entries[at - 1] >= 0 && marks.bought(entries[at - 1]);
        }

        String itemId(int i) {
            return itemIds[i];
        }

        String category(int i) {
            return categories[i];
        }

        /** The customer's entry of the item in {@link CustomerMarks}, -1 when they have none. */
        int entry(int i) {
            return entries[i];
        }
    }
}
