package io.rapport.jobs.copurchase;

import io.rapport.copurchase.PairCounting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.Collector;

/**
 * A change to one item's counts, sent from {@link CustomerItemsFunction} to
 * {@link ItemNeighboursFunction} keyed by {@link #itemId}. Deltas are plain sums, so the order in
 * which they arrive does not change the result. A delta is either a count delta ({@link #neighbours}
 * null; {@link #buyers}, {@link #viewers}, {@link #viewersWhoBought}) or a pair delta (the number
 * of customers who bought both {@link #itemId} and each of {@link #neighbours} changes by
 * {@link #coPurchases}). Every pair change is sent once in each direction.
 *
 * <p>A pair delta carries all the neighbours of one item that one purchase, erase or expiry
 * changes, rather than one record per pair: a purchase of m new items by a customer who owns n
 * sends at most m + n pair records instead of 2·(m·n + m·(m−1)/2), and the records crossing the
 * network between the two stages were the co-purchase job's main cost.
 *
 * <p>The co-view job ({@code io.rapport.jobs.coview}) sends the same deltas with sessions for
 * customers: {@link #viewers} counts the view sessions of the item and {@link #coPurchases} the
 * sessions in which both items were viewed.
 *
 * <p>A Flink POJO, so it is serialized without Kryo.
 */
public class ItemDelta {
    public String itemId;
    /** The item's category when the event gave one, else null; only on count deltas. */
    public String category;
    public int buyers;
    public int viewers;
    public int viewersWhoBought;
    /** The items whose pair count with {@link #itemId} changes, each once; null on count deltas. */
    public String[] neighbours;
    public int coPurchases;

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

    public static ItemDelta pair(String itemId, String neighbour, int coPurchases) {
        return pairs(itemId, new String[] {neighbour}, coPurchases);
    }

    /** The pair count of {@code itemId} with each of {@code neighbours} (distinct) changes by {@code coPurchases}. */
    public static ItemDelta pairs(String itemId, String[] neighbours, int coPurchases) {
        ItemDelta d = new ItemDelta();
        d.itemId = itemId;
        d.neighbours = neighbours;
        d.coPurchases = coPurchases;
        return d;
    }

    /**
     * Emits the pair deltas of {@link PairCounting#forEachPair}: {@code delta} for every pair that
     * {@code changed} forms with {@code others} and within itself, once in each direction, as one
     * record per item involved.
     */
    public static void pairs(List<String> others, List<String> changed, int delta, Collector<ItemDelta> out) {
        Map<String, List<String>> neighbours = new LinkedHashMap<>();
        PairCounting.forEachPair(others, changed, (a, b) -> {
            neighbours.computeIfAbsent(a, item -> new ArrayList<>()).add(b);
            neighbours.computeIfAbsent(b, item -> new ArrayList<>()).add(a);
        });
        neighbours.forEach((item, with) -> out.collect(pairs(item, with.toArray(String[]::new), delta)));
    }

    boolean isPair() {
        return neighbours != null;
    }

    @Override
    public String toString() {
        return isPair()
                ? itemId + "~" + String.join(",", neighbours) + " " + coPurchases
                : itemId + " buyers " + buyers + " viewers " + viewers + " viewersWhoBought " + viewersWhoBought;
    }
}
