package io.rapport.rank;

import io.rapport.copurchase.NeighbourCount;

/**
 * An item's published neighbours as the scoring reads them: dense ids, exact counts, cosines
 * from the buyers known when the list was cached, and each cosine (time-decayed, when so
 * configured) divided by the strongest and raised to the exponent; {@code version} is the item's
 * {@link ItemIds#version} (0 in co-view lists, which are only read through their cache), {@code
 * scoredAt} the {@link System#nanoTime} when it was made, {@code asOf} the item snapshot's event
 * time and {@code increasedAt} each pair's last increase (null without time decay).
 */
record ScoredNeighbours(
        int id,
        int version,
        long scoredAt,
        long buyers,
        int[] ids,
        long[] both,
        double[] cosines,
        double[] normalised,
        double strongest,
        double mass,
        NeighbourCount last,
        long asOf,
        long[] increasedAt) {
    String itemId(ItemIds names) {
        return names.name(id);
    }
}
