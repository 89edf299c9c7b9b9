package io.rapport.jobs.copurchase;

/**
 * An item's exact distinct-customer counts and its last known category, as
 * {@link ItemNeighboursFunction} keeps them. A Flink POJO used as keyed state.
 */
public class ItemCounts {
    public long buyers;
    public long viewers;
    public long viewersWhoBought;
    public String category;

    public ItemCounts() {}

    void add(ItemDelta delta) {
        buyers += delta.buyers;
        viewers += delta.viewers;
        viewersWhoBought += delta.viewersWhoBought;
        if (delta.category != null) {
            category = delta.category;
        }
    }

    boolean isZero() {
        return buyers == 0 && viewers == 0 && viewersWhoBought == 0;
    }
}
