package io.rapport.copurchase;

import java.util.List;

/**
 * The state of one item as the co-purchase job publishes it on the compacted {@code items} topic:
 * exact distinct-customer counts and the item's top neighbours by co-purchase count.
 *
 * @param buyers distinct customers who bought the item
 * @param viewers distinct customers who viewed it
 * @param viewersWhoBought distinct customers who both viewed and bought it
 * @param neighbours at most the configured number of neighbours, most co-purchased first, ties by
 *     itemId
 * @param updatedAt processing time of the snapshot, epoch milliseconds
 */
public record ItemSnapshot(
        String itemId,
        String category,
        long buyers,
        long viewers,
        long viewersWhoBought,
        List<NeighbourCount> neighbours,
        long updatedAt) {

    /** Share of the item's viewers who bought it, or null when nobody viewed it. */
    public Double conversion() {
        return viewers == 0 ? null : (double) viewersWhoBought / viewers;
    }
}
