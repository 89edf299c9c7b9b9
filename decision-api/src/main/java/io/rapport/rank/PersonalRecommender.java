package io.rapport.rank;

import io.rapport.copurchase.RankingScore;
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
 * <p>Request-time filters ({@link ItemFilter}) apply to the candidates before they are ranked,
 * and the diversity cap to the ranked list.
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
        return recommend(customerId, limit, ItemFilter.DEFAULT);
    }

    /**
     * Recommends at most {@code limit} items that pass {@code filter}; with {@code excludePurchased}
     * off, owned items may be recommended again (repeat purchases). The popular fallback is filtered
     * the same way.
     */
    public Recommendations recommend(String customerId, int limit, ItemFilter filter) {
        Set<String> owned = customers.bought(customerId);
        ItemFacts facts = neighbours.facts();
        Map<String, Candidate> candidates = new HashMap<>();
        List<String> recentFirst = new ArrayList<>(owned);
        Collections.reverse(recentFirst);
        double weight = 1.0;
        for (String source : recentFirst.subList(0, Math.min(RECENT_ITEMS, recentFirst.size()))) {
            for (RankedItem n : neighbours.neighbours(source)) {
                if (n.score() > 0 && filter.accepts(n.itemId(), owned, facts)) {
                    candidates.computeIfAbsent(n.itemId(), Candidate::new).add(weight * n.score(), source, n);
                }
            }
            weight *= DECAY;
        }
        if (candidates.isEmpty()) {
            return popular(customerId, limit, filter, owned, facts);
        }
        List<Candidate> sorted;
        if (filter.caps()) {
            // The diversity cap needs the candidates in order beyond the first limit: sort them all
            // (at most RECENT_ITEMS × published neighbours).
            sorted = new ArrayList<>(candidates.values());
        } else {
            PriorityQueue<Candidate> best = new PriorityQueue<>(limit + 1, BEST_FIRST.reversed());
            for (Candidate c : candidates.values()) {
                best.add(c);
                if (best.size() > limit) {
                    best.poll();
                }
            }
            sorted = new ArrayList<>(best);
        }
        sorted.sort(BEST_FIRST);
        List<RankedItem> ranked = sorted.stream().map(c -> c.ranked(facts, neighbours.ranking())).toList();
        List<RankedItem> items = filter.pick(ranked, limit, owned, facts, id -> true);
        return new Recommendations(customerId, Strategy.PERSONAL, items);
    }

    private Recommendations popular(String customerId, int limit, ItemFilter filter, Set<String> owned,
            ItemFacts facts) {
        // Owned items stay out of the popular fallback unless excludePurchased is off.
        return new Recommendations(customerId, Strategy.POPULAR,
                filter.pick(popular.ranked(), limit, owned, facts, id -> true));
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

        RankedItem ranked(ItemFacts facts, RankingScore ranking) {
            String measure = ranking == RankingScore.COSINE
                    ? "cosine " + Decimals.three(evidence.score())
                    : (ranking == RankingScore.LLR ? "LLR " : "lift ") + Decimals.one(evidence.score());
            String reason = "because you bought " + facts.name(because) + ": " + evidence.coPurchases()
                    + (evidence.coPurchases() == 1 ? " customer" : " customers") + " bought both (" + measure + ")";
            return new RankedItem(itemId, Math.round(score * 1000) / 1000.0, evidence.coPurchases(), reason);
        }
    }
}
