package io.rapport.evaluate;

import io.rapport.copurchase.CoPurchaseScore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The item-kNN baseline: classic item-based collaborative filtering (Sarwar et al. 2001; Deshpande
 * and Karypis 2004) on binary customer × item data. The similarity of two items is the cosine of
 * their buyer sets, {@code both / sqrt(buyersA · buyersB)}, from the exact co-purchase counts; a
 * customer's score for an item is the sum of its similarities to every item they bought, over all
 * co-purchased items (no neighbour cut, no recency weighting); owned items are never recommended.
 * Ties by itemId.
 */
final class ItemKnn {
    private final Map<String, Map<String, Long>> pairs;
    private final Map<String, Long> buyers;

    /**
     * @param pairs co-purchase counts per item, both directions
     * @param buyers distinct buyers per item
     */
    ItemKnn(Map<String, Map<String, Long>> pairs, Map<String, Long> buyers) {
        this.pairs = pairs;
        this.buyers = buyers;
    }

    /** The top {@code k} items for a customer who owns {@code owned}, best first. */
    List<String> topK(Set<String> owned, int k) {
        Map<String, Double> scores = new HashMap<>();
        for (String source : owned) {
            long buyersA = buyers.getOrDefault(source, 0L);
            for (Map.Entry<String, Long> n :
                    pairs.getOrDefault(source, Map.of()).entrySet()) {
                if (!owned.contains(n.getKey())) {
                    double sim = CoPurchaseScore.cosine(n.getValue(), buyersA, buyers.getOrDefault(n.getKey(), 0L));
                    scores.merge(n.getKey(), sim, Double::sum);
                }
            }
        }
        Comparator<Map.Entry<String, Double>> best =
                Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());
        PriorityQueue<Map.Entry<String, Double>> top = new PriorityQueue<>(best.reversed());
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            top.add(e);
            if (top.size() > k) {
                top.poll();
            }
        }
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(top);
        sorted.sort(best);
        return sorted.stream().map(Map.Entry::getKey).toList();
    }
}
