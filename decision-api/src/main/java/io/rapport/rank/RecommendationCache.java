package io.rapport.rank;

import com.github.benmanes.caffeine.cache.Cache;
import io.rapport.rank.PersonalRecommender.Recommendations;
import io.rapport.store.CustomerItemsView;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Hot answers of the {@link PersonalRecommender}: one entry per customer holds their answers by
 * (limit, filter).
 *
 * <p>Freshness: the owner drops a customer's entry as soon as their items or profile change
 * ({@link #invalidate}, wired to the views' change listeners), so a purchase shows in the next
 * answer. What other customers bought (the neighbour counts, the popular lists) may be up to
 * {@value RankedNeighbours#TTL_SECONDS} seconds old, the staleness the item-to-item answers
 * already allow. Catalogue changes (stock, category) are checked on every hit: an answer holding an
 * item the filter now refuses is computed again.
 *
 * <p>A request that was computing from the old state while its customer was invalidated returns
 * that answer, but it is not served again: invalidation drops the customer's whole entry.
 */
public final class RecommendationCache {
    /** Most distinct (limit, filter) answers kept per customer; more empties their entry. */
    static final int QUERIES_PER_CUSTOMER = 16;

    private record Query(int limit, ItemFilter filter) {}

    private final PersonalRecommender recommender;
    private final CustomerItemsView customers;
    private final ItemFacts facts;
    private final Cache<String, Map<Query, Recommendations>> answers;

    /**
     * @param cacheSize most customers whose answers are cached
     * @param executor runs the cache's maintenance (the Vert.x context in the API)
     */
    public RecommendationCache(
            PersonalRecommender recommender,
            CustomerItemsView customers,
            ItemFacts facts,
            long cacheSize,
            Executor executor) {
        this.recommender = recommender;
        this.customers = customers;
        this.facts = facts;
        this.answers = AnswerCaches.builder(cacheSize, executor).build();
    }

    /** The cache of answers by customer, for metrics. */
    public Cache<String, ?> cache() {
        return answers;
    }

    /** Drops every cached answer of a customer whose items or profile changed. */
    public void invalidate(String customerId) {
        answers.invalidate(customerId);
    }

    /** The recommender's answer, from the cache when it still holds one that passes the filter. */
    public Recommendations recommend(String customerId, int limit, ItemFilter filter) {
        Map<Query, Recommendations> byQuery = answers.get(customerId, id -> new ConcurrentHashMap<>());
        Query query = new Query(limit, filter);
        Recommendations cached = byQuery.get(query);
        if (cached != null && stillPasses(cached, customerId, filter)) {
            return cached;
        }
        Recommendations fresh = recommender.recommend(customerId, limit, filter);
        if (byQuery.size() >= QUERIES_PER_CUSTOMER) {
            byQuery.clear();
        }
        byQuery.put(query, fresh);
        return fresh;
    }

    private boolean stillPasses(Recommendations answer, String customerId, ItemFilter filter) {
        Set<String> owned = customers.bought(customerId);
        for (RankedItem item : answer.items()) {
            if (!filter.accepts(item.itemId(), owned, facts)) {
                return false;
            }
        }
        return true;
    }
}
