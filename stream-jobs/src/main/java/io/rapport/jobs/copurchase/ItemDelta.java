package io.rapport.jobs.copurchase;

/**
 * A change to one item's counts, sent from {@link CustomerItemsFunction} to
 * {@link ItemNeighboursFunction} keyed by {@link #itemId}. Deltas are plain sums, so the order in
 * which they arrive does not change the result. A delta is either a count delta ({@link #neighbour}
 * null; {@link #buyers}, {@link #viewers}, {@link #viewersWhoBought}) or a pair delta (the number
 * of customers who bought both {@link #itemId} and {@link #neighbour} changes by
 * {@link #coPurchases}). Every pair change is sent once in each direction.
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
    public String neighbour;
    public int coPurchases;

    public ItemDelta() {}

    static ItemDelta counts(String itemId, String category, int buyers, int viewers, int viewersWhoBought) {
        ItemDelta d = new ItemDelta();
        d.itemId = itemId;
        d.category = category;
        d.buyers = buyers;
        d.viewers = viewers;
        d.viewersWhoBought = viewersWhoBought;
        return d;
    }

    static ItemDelta pair(String itemId, String neighbour, int coPurchases) {
        ItemDelta d = new ItemDelta();
        d.itemId = itemId;
        d.neighbour = neighbour;
        d.coPurchases = coPurchases;
        return d;
    }

    boolean isPair() {
        return neighbour != null;
    }

    @Override
    public String toString() {
        return isPair()
                ? itemId + "~" + neighbour + " " + coPurchases
                : itemId + " buyers " + buyers + " viewers " + viewers + " viewersWhoBought " + viewersWhoBought;
    }
}
