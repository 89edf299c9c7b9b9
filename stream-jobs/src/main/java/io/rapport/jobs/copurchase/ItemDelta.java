package io.rapport.jobs.copurchase;

import io.rapport.copurchase.PairCounting;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.util.Collector;

/**
 * A change to one item's counts, sent from {@link CustomerItemsFunction} to
 * {@link ItemNeighboursFunction} keyed by {@link #itemId}. Deltas are plain sums, so the order in
 * which they arrive does not change the result. A delta carries count changes ({@link #buyers},
 * {@link #viewers}, {@link #viewersWhoBought}, and the {@link #category} when known), pair changes
 * (the number of customers who bought both {@link #itemId} and each of {@link #neighbours()}
 * changes by {@link #coPurchases}, or by each neighbour's own {@link #neighbourChanges} in a sum of
 * many deltas; {@link #isPair()}), or, for an item a purchase adds, both. Every pair change is sent
 * once in each direction.
 *
 * <p>A pair delta carries all the neighbours of one item that one purchase, erase or expiry
 * changes, rather than one record per pair: a purchase of m new items by a customer who owns n
 * sends at most m + n pair records instead of 2·(m·n + m·(m−1)/2). For the same reason an item
 * that a purchase adds gets its count changes in its pair record rather than in a record of its own.
 * Before they cross the network, the deltas of many customers are summed per item ({@link
 * DeltaCombiner}).
 *
 * <p>The co-view job ({@code io.rapport.jobs.coview}) sends the same deltas with sessions for
 * customers: {@link #viewers} counts the view sessions of the item and {@link #coPurchases} the
 * sessions in which both items were viewed.
 *
 * <p>Serialized by {@link ItemDeltaSerializer} (ids as UTF-8 with varint lengths, read back as
 * shared String instances), not by Flink's reflective POJO serializer.
 */
@TypeInfo(ItemDeltaSerializer.TypeInfoFactory.class)
public class ItemDelta {
    public String itemId;
    /** The item's category when the event gave one, else null; only with count changes. */
    public String category;

    public int buyers;
    public int viewers;
    public int viewersWhoBought;
    /**
     * The part of {@link #buyers} that counts as new or lost buyers for the item's recent buyers: +1
     * per buyer a purchase adds, −1 per buyer an erase removes who bought or viewed the item within
     * the recent window (0 for one who bought before it, whose +1 has left the window), 0 for a buyer
     * who expires (their purchase lies a retention back, far outside any recent window), so an item
     * bought at a steady rate keeps its recent figure once purchases start to expire.
     */
    public int newBuyers;
    /**
     * The items whose pair count with {@link #itemId} changes, each once; null when only counts
     * change. Never modified once the delta is emitted: deltas of one change share it.
     */
    String[] neighbourIds;
    /** The change of every pair count, unless {@link #neighbourChanges} gives one per neighbour. */
    public int coPurchases;
    /**
     * The change of each neighbour's pair count, aligned with {@link #neighbourIds}, when they differ
     * (a {@link DeltaCombiner} sum of many deltas); null when every neighbour changes by {@link
     * #coPurchases}.
     */
    int[] neighbourChanges;

    public ItemDelta() {}

    public static ItemDelta counts(String itemId, String category, int buyers, int viewers, int viewersWhoBought) {
        ItemDelta d = new ItemDelta();
        d.itemId = itemId;
        d.category = category;
        d.buyers = buyers;
        d.viewers = viewers;
        d.viewersWhoBought = viewersWhoBought;
        return d;
    }

    /** The counts of a buyer {@code itemId} gains by a purchase: +1 buyer, +1 new buyer. */
    public static ItemDelta bought(String itemId, String category, int viewersWhoBought) {
        ItemDelta d = counts(itemId, category, 1, 0, viewersWhoBought);
        d.newBuyers = 1;
        return d;
    }

    public static ItemDelta pair(String itemId, String neighbour, int coPurchases) {
        return pairs(itemId, new String[] {neighbour}, coPurchases);
    }

    /** The pair count of {@code itemId} with each of {@code neighbours} (distinct) changes by {@code coPurchases}. */
    public static ItemDelta pairs(String itemId, String[] neighbours, int coPurchases) {
        ItemDelta d = new ItemDelta();
        d.itemId = itemId;
        d.neighbourIds = neighbours;
        d.coPurchases = coPurchases;
        return d;
    }

    /** Visits the items whose pair count changes, in the order they were given; none on count deltas. */
    public void forEachNeighbour(Consumer<String> neighbour) {
        forEachChange((id, change) -> neighbour.accept(id));
    }

    /**
     * Visits every neighbour with the change of its pair count ({@link #neighbourChanges} or
     * {@link #coPurchases}), in the order they were given; none on count deltas.
     */
    void forEachChange(ObjIntConsumer<String> change) {
        if (neighbourIds == null) {
            return;
        }
        for (int i = 0; i < neighbourIds.length; i++) {
            change.accept(neighbourIds[i], neighbourChanges == null ? coPurchases : neighbourChanges[i]);
        }
    }

    /** The items whose pair count changes, in the order they were given; null on count deltas. */
    public String[] neighbours() {
        return neighbourIds == null ? null : neighbourIds.clone();
    }

    /**
     * Emits the pair deltas of {@link PairCounting#forEachPair}: {@code delta} for every pair that
     * {@code changed} forms with {@code others} and within itself, once in each direction, as one
     * record per item involved: each changed item with all of {@code others} and the rest of
     * {@code changed}, each of {@code others} with all of {@code changed}; the records of {@code
     * others} share one array.
     *
     * @param others items that stay, distinct
     * @param changed items added or removed, distinct and not in {@code others}
     */
    public static void pairs(List<String> others, List<String> changed, int delta, Collector<ItemDelta> out) {
        pairs(others, changed, delta, null, out);
    }

    /**
     * {@link #pairs(List, List, int, Collector)}, with the count changes of each changed item: the
     * pair record of {@code changed.get(i)} is {@code countsOfChanged.get(i)} with the pairs added, so
     * the counts travel in it; count deltas of items that form no pair are emitted as they are.
     *
     * @param countsOfChanged count deltas aligned with {@code changed}, or null for none
     */
    public static void pairs(
            List<String> others,
            List<String> changed,
            int delta,
            List<ItemDelta> countsOfChanged,
            Collector<ItemDelta> out) {
        if (changed.isEmpty() || (others.isEmpty() && changed.size() == 1)) {
            if (countsOfChanged != null) {
                countsOfChanged.forEach(out::collect);
            }
            return;
        }
        String[] all = new String[others.size() + changed.size()];
        for (int i = 0; i < others.size(); i++) {
            all[i] = others.get(i);
        }
        for (int i = 0; i < changed.size(); i++) {
            all[others.size() + i] = changed.get(i);
        }
        for (int i = 0; i < changed.size(); i++) {
            String[] neighbours = new String[all.length - 1];
            int at = others.size() + i;
            System.arraycopy(all, 0, neighbours, 0, at);
            System.arraycopy(all, at + 1, neighbours, at, all.length - at - 1);
            ItemDelta d = countsOfChanged == null ? new ItemDelta() : countsOfChanged.get(i);
            d.itemId = changed.get(i);
            d.neighbourIds = neighbours;
            d.coPurchases = delta;
            out.collect(d);
        }
        String[] allChanged = changed.toArray(String[]::new);
        for (String other : others) {
            out.collect(pairs(other, allChanged, delta));
        }
    }

    /** Whether pair counts change. */
    public boolean isPair() {
        return neighbourIds != null;
    }

    /** Whether the item's own counts (or its category) change: always for a delta without pairs. */
    public boolean hasCounts() {
        return !isPair() || buyers != 0 || viewers != 0 || viewersWhoBought != 0 || newBuyers != 0 || category != null;
    }

    @Override
    public String toString() {
        String counts = itemId + " buyers " + buyers + " viewers " + viewers + " viewersWhoBought " + viewersWhoBought;
        String pairs = itemId + "~" + (isPair() ? String.join(",", neighbours()) : "") + " "
                + (neighbourChanges == null ? String.valueOf(coPurchases) : Arrays.toString(neighbourChanges));
        return !isPair() ? counts : hasCounts() ? counts + ", " + pairs : pairs;
    }
}
