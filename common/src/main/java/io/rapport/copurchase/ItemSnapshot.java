package io.rapport.copurchase;

import java.util.List;

/**
 * The state of one item as the co-purchase job publishes it on the compacted {@code items} topic:
 * exact distinct-customer counts and the item's top neighbours by co-purchase count.
 *
 * <p>Readers tolerate records of older versions: a field they lack reads as 0, which means
 * "unknown" for {@link #asOf} and {@link NeighbourCount#lastIncreasedAt} (no time decay) and "no
 * recent buyers known" for {@link #recentBuyers}.
 *
 * @param buyers distinct customers who bought the item
 * @param viewers distinct customers who viewed it
 * @param viewersWhoBought distinct customers who both viewed and bought it
 * @param neighbours at most the configured number of neighbours, most co-purchased first, ties by
 *     itemId
 * @param updatedAt processing time of the snapshot, epoch milliseconds
 * @param asOf event time, epoch milliseconds, that the ages of the neighbours' {@link
 *     NeighbourCount#lastIncreasedAt} are measured to: the item stage's watermark when the
 *     snapshot was made (before the first watermark after a restart, the newest {@code
 *     lastIncreasedAt}); 0 when unknown
 * @param recentBuyers customers who newly bought the item in the current event-time day (UTC) of
 *     {@code asOf} and the days before it within the job's recent window (30 days by default), net
 *     of removals (an erased or expired buyer is subtracted on the day of the removal); between 0
 *     and {@link #buyers}
 */
public record ItemSnapshot(
        String itemId,
        String category,
        long buyers,
        long viewers,
        long viewersWhoBought,
        List<NeighbourCount> neighbours,
        long updatedAt,
        long asOf,
        long recentBuyers) {

    /** A snapshot without an event time ({@link #asOf} unknown) nor recent buyers. */
    public ItemSnapshot(
            String itemId,
            String category,
            long buyers,
            long viewers,
            long viewersWhoBought,
            List<NeighbourCount> neighbours,
            long updatedAt) {
        this(itemId, category, buyers, viewers, viewersWhoBought, neighbours, updatedAt, 0, 0);
    }

    /** A snapshot without recent buyers. */
    public ItemSnapshot(
            String itemId,
            String category,
            long buyers,
            long viewers,
            long viewersWhoBought,
            List<NeighbourCount> neighbours,
            long updatedAt,
            long asOf) {
        this(itemId, category, buyers, viewers, viewersWhoBought, neighbours, updatedAt, asOf, 0);
    }

    /** Share of the item's viewers who bought it, or null when nobody viewed it. */
    public Double conversion() {
        return viewers == 0 ? null : (double) viewersWhoBought / viewers;
    }
}
