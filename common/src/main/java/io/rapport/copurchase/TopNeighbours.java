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
    public static final Comparator<NeighbourCount> RANKING = TopNeighbours::compare;
    /** The reverse of {@link #RANKING}: the worst kept neighbour at the head of the heap. */
    private static final Comparator<NeighbourCount> WORST_FIRST = (x, y) -> compare(y, x);

    private TopNeighbours() {}

    /**
     * The top {@code k} of the positive counts, best first: O(n log k). It runs at every flush of a
     * busy item in the co-purchase job, so it avoids composed comparators (a profile showed them).
     */
    public static List<NeighbourCount> of(Iterable<Map.Entry<String, Long>> counts, int k) {
        PriorityQueue<NeighbourCount> top = new PriorityQueue<>(WORST_FIRST);
        for (Map.Entry<String, Long> e : counts) {
            long count = e.getValue();
            if (count <= 0) {
                continue;
            }
            NeighbourCount candidate = new NeighbourCount(e.getKey(), count);
            if (top.size() < k) {
                top.add(candidate);
            } else if (compare(candidate, top.peek()) < 0) {
                top.poll();
                top.add(candidate);
            }
        }
        List<NeighbourCount> ranked = new ArrayList<>(top);
        ranked.sort(RANKING);
        return ranked;
    }

    private static int compare(NeighbourCount x, NeighbourCount y) {
        int byCount = Long.compare(y.coPurchases(), x.coPurchases());
        return byCount != 0 ? byCount : x.itemId().compareTo(y.itemId());
    }
}
