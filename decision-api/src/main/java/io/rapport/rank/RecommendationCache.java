package io.rapport.rank;

import com.github.benmanes.caffeine.cache.Cache;
import io.rapport.rank.PersonalRecommender.Recommendations;
import io.rapport.store.CustomerItemsView;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hot answers of the {@link PersonalRecommender}: one entry per customer holds their answers by
 * (limit, filter).
 *
 * <p>Freshness: the owner drops a customer's entry as soon as their items or profile change
 * ({@link #invalidate}, wired to the views' change listeners), so a purchase shows in the next
 * answer. What other customers bought shows in the next answer too: a hit is served only while no
 * co-purchase or co-view list of the customer's sources changed since it was computed ({@link
 * PersonalRecommender#unchangedSince}) and, for an answer that drew on the popular lists, while they
 * were not recomputed (about once a second while purchases arrive). A candidate's own buyers (the
 * denominator of its cosine with a source) may be up to {@value RankedNeighbours#TTL_SECONDS} seconds
 * old, an entry's life. A catalogue change (stock, category, name, price) makes every answer computed
 * before it stale ({@link #catalogueChanged}, wired to the catalogue's change listener: an item back
 * in stock or newly in a category shows at once, as does a new name in a reason), and every hit
 * checks that the answer's items still pass the filter (categories seen on events change too).
 *
 * <p>A request that was computing from the old state while its customer was invalidated returns
 * that answer, but it is not served again: invalidation drops the customer's whole entry.
 */
public final class RecommendationCache {
    /** Most distinct (limit, filter) answers kept per customer; more empties their entry. */
    static final int QUERIES_PER_CUSTOMER = 16;

    private record Query(int limit, ItemFilter filter) {}

    /**
     * An answer and where the catalogue, the items' changes ({@link PersonalRecommender#changes}) and
     * the popular lists stood when it was computed.
     */
    private record Cached(Recommendations answer, long catalogue, long changes, long popularRefreshes, int[] items) {}

    private final PersonalRecommender recommender;
    private final CustomerItemsView customers;
    private final ItemFacts facts;
    private final Cache<String, Map<Query, Cached>> answers;
    /** Catalogue changes so far: a bulk load costs one increment a record, not a sweep of the cache. */
    private final AtomicLong catalogue = new AtomicLong();

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

    /** Makes every answer computed so far stale: a catalogue record changed or went. */
    public void catalogueChanged(String itemId) {
        catalogue.incrementAndGet();
    }

    /**
     * The recommender's answer, from the cache when it holds one computed since the last catalogue
     * change, from the lists as they are now, that still passes the filter.
     */
    public Recommendations recommend(String customerId, int limit, ItemFilter filter) {
        Map<Query, Cached> byQuery = answers.get(customerId, id -> new ConcurrentHashMap<>());
        Query query = new Query(limit, filter);
        // read before computing: a change meanwhile leaves the answer stale
        long generation = catalogue.get();
        long changes = recommender.changes();
        long refreshes = recommender.popularRefreshes();
        Cached cached = byQuery.get(query);
        if (cached != null && isCurrent(cached, customerId, filter, generation, refreshes)) {
            return cached.answer();
        }
        Recommendations fresh = recommender.recommend(customerId, limit, filter);
        if (byQuery.size() >= QUERIES_PER_CUSTOMER) {
            byQuery.clear();
        }
        byQuery.put(query, new Cached(fresh, generation, changes, refreshes, itemsOf(customerId, byQuery)));
        return fresh;
    }

    /**
     * The dense ids of the customer's items, shared by every answer of their entry: the entry goes when
     * their items or profile change, so its answers were all computed from the same items (one array of at
     * most 1,000 bought and 50 recent items per customer, not one per query).
     */
    private int[] itemsOf(String customerId, Map<Query, Cached> byQuery) {
        return byQuery.values().stream().findAny().map(Cached::items).orElseGet(() -> recommender.itemsOf(customerId));
    }

    private boolean isCurrent(Cached cached, String customerId, ItemFilter filter, long catalogue, long refreshes) {
        return cached.catalogue() == catalogue
                && (!cached.answer().fromPopularLists() || cached.popularRefreshes() == refreshes)
                && recommender.unchangedSince(cached.items(), cached.changes())
                && stillPasses(cached.answer(), customerId, filter);
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
