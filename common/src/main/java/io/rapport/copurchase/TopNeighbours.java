package io.rapport.copurchase;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Picks the neighbours an item publishes: the {@code k} most co-purchased, ties by itemId, so the
 * choice is deterministic. Shared by the stream job and the offline evaluation, so both serve from
 * exactly the same candidate lists.
 */
public final class TopNeighbours {
    /** Most co-purchased first, then by itemId. */
    public static final Comparator<NeighbourCount> RANKING =
            Comparator.comparingLong(NeighbourCount::coPurchases).reversed().thenComparing(NeighbourCount::itemId);

    private TopNeighbours() {}

    /** The top {@code k} of the positive counts, best first: O(n log k). */
    public static List<NeighbourCount> of(Iterable<Map.Entry<String, Long>> counts, int k) {
        PriorityQueue<NeighbourCount> top = new PriorityQueue<>(RANKING.reversed());
        for (Map.Entry<String, Long> e : counts) {
            if (e.getValue() <= 0) {
                continue;
            }
            top.add(new NeighbourCount(e.getKey(), e.getValue()));
            if (top.size() > k) {
                top.poll();
            }
        }
        List<NeighbourCount> ranked = new ArrayList<>(top);
        ranked.sort(RANKING);
        return ranked;
    }
}
