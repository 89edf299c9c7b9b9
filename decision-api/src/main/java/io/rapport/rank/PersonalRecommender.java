package io.rapport.rank;

import io.rapport.store.CustomerItemsView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Personalised recommendations from what a customer bought: every neighbour of the customer's
 * most recent items is a candidate, scored by the sum of its positive co-purchase scores (LLR) with
 * those items, each weighted by how recently the customer bought it. Items the customer owns are
 * never recommended. A customer with no history, or whose items have no positive neighbours, gets
 * the most bought items they do not own, and the answer's strategy says so.
 *
 * <p>The work per request is bounded: {@value #RECENT_ITEMS} items × the published neighbours
 * per item, read from the also-bought ranker's cached lists.
 */
public final class PersonalRecommender {
    /** How many of the customer's most recent items feed the candidates. */
    static final int RECENT_ITEMS = 20;
    /** Weight of the k-th most recent item is DECAY^k. */
    static final double DECAY = 0.85;

    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble(Candidate::score)
            .reversed()
            .thenComparing(Candidate::itemId);

    private final AlsoBoughtRanker neighbours;
    private final CustomerItemsView customers;
    private final PopularItems popular;

    public PersonalRecommender(AlsoBoughtRanker neighbours, CustomerItemsView customers, PopularItems popular) {
        this.neighbours = neighbours;
        this.customers = customers;
        this.popular = popular;
    }

    /** An answer: at most the requested number of items, best first. */
    public record Recommendations(String customerId, Strategy strategy, List<RankedItem> items) {}

    public Recommendations recommend(String customerId, int limit) {
        Set<String> owned = customers.bought(customerId);
        Map<String, Candidate> candidates = new HashMap<>();
        List<String> recentFirst = new ArrayList<>(owned);
        Collections.reverse(recentFirst);
        double weight = 1.0;
        for (String source : recentFirst.subList(0, Math.min(RECENT_ITEMS, recentFirst.size()))) {
            for (RankedItem n : neighbours.neighbours(source)) {
                if (n.score() > 0 && !owned.contains(n.itemId())) {
                    candidates.computeIfAbsent(n.itemId(), Candidate::new).add(weight * n.score(), source, n);
                }
            }
            weight *= DECAY;
        }
        if (candidates.isEmpty()) {
            return new Recommendations(customerId, Strategy.POPULAR, popular.top(limit, owned));
        }
        PriorityQueue<Candidate> best = new PriorityQueue<>(limit + 1, BEST_FIRST.reversed());
        for (Candidate c : candidates.values()) {
            best.add(c);
            if (best.size() > limit) {
                best.poll();
            }
        }
        List<Candidate> sorted = new ArrayList<>(best);
        sorted.sort(BEST_FIRST);
        List<RankedItem> items = sorted.stream().map(Candidate::ranked).toList();
        return new Recommendations(customerId, Strategy.PERSONAL, items);
    }

    /** A candidate item and the owned item that contributed most to its score. */
    private static final class Candidate {
        private final String itemId;
        private double score;
        private double bestContribution;
        private String because;
        private RankedItem evidence;

        Candidate(String itemId) {
            this.itemId = itemId;
        }

        void add(double contribution, String source, RankedItem n) {
            score += contribution;
            if (contribution > bestContribution) {
                bestContribution = contribution;
                because = source;
                evidence = n;
            }
        }

        String itemId() {
            return itemId;
        }

        double score() {
            return score;
        }

        RankedItem ranked() {
            String reason = "because you bought " + because + ": " + evidence.coPurchases()
                    + (evidence.coPurchases() == 1 ? " customer" : " customers") + " bought both (LLR "
                    + Decimals.one(evidence.score()) + ")";
            return new RankedItem(itemId, Math.round(score * 1000) / 1000.0, evidence.coPurchases(), reason);
        }
    }
}
