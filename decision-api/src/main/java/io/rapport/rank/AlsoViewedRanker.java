package io.rapport.rank;

import com.github.benmanes.caffeine.cache.Cache;
import io.rapport.copurchase.RankingScore;
import io.rapport.coview.CoViewCount;
import io.rapport.coview.CoViewSnapshot;
import io.rapport.store.CoViewView;
import io.rapport.store.CustomerItemsView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Answers "customers who viewed this also viewed" from the co-view counts: the item's neighbours
 * scored with the configured {@link RankingScore} over the 2×2 table of <b>view sessions</b> (both
 * items / only one / neither, out of every counted session), best score first, then most co-views,
 * then itemId. {@link RankedItem#coPurchases} carries the co-view count here; the handler names it
 * {@code coViews}.
 *
 * <p>The ranked list of an item is cached like {@link AlsoBoughtRanker}'s ({@link RankedNeighbours}):
 * at most 30 seconds, dropped at once when the item's snapshot changes. The customer's own bought
 * items and the request's filters ({@link ItemFilter}) apply after the cache; when nothing is left
 * the answer is the {@link PopularItems} fallback, filtered the same way, with strategy {@code
 * popular}.
 */
public final class AlsoViewedRanker {
    private final CoViewView coViews;
    private final CustomerItemsView customers;
    private final PopularItems popular;
    private final ItemFacts facts;
    private final RankingScore ranking;
    private final RankedNeighbours ranked;

    /**
     * @param cacheSize most items whose ranked lists are cached
     * @param executor runs the cache's maintenance (the Vert.x context in the API)
     */
    public AlsoViewedRanker(
            CoViewView coViews,
            CustomerItemsView customers,
            PopularItems popular,
            ItemFacts facts,
            RankingScore ranking,
            long cacheSize,
            Executor executor) {
        this.coViews = coViews;
        this.customers = customers;
        this.popular = popular;
        this.facts = facts;
        this.ranking = ranking;
        this.ranked = new RankedNeighbours(cacheSize, executor, this::scored);
    }

    /** The cache of ranked lists, for metrics. */
    public Cache<String, ?> cache() {
        return ranked.cache();
    }

    /** Drops the cached list of an item whose snapshot changed. */
    public void invalidate(String itemId) {
        ranked.invalidate(itemId);
    }

    /**
     * At most {@code limit} items viewed in the same sessions as {@code itemId} that pass {@code
     * filter}, leaving out what {@code customerId} (null: anonymous) bought unless the filter keeps it.
     */
    public AlsoBought recommend(String itemId, String customerId, int limit, ItemFilter filter) {
        return ranked.answer(itemId, Strategy.CO_VIEW, limit, customers.bought(customerId), filter, facts, popular);
    }

    private List<RankedItem> scored(String itemId) {
        CoViewSnapshot item = coViews.get(itemId).orElse(null);
        if (item == null) {
            return List.of();
        }
        List<RankedItem> result = new ArrayList<>(item.neighbours().size());
        for (CoViewCount n : item.neighbours()) {
            if (!n.itemId().equals(itemId)) {
                result.add(score(item, n));
            }
        }
        return result;
    }

    private RankedItem score(CoViewSnapshot item, CoViewCount n) {
        long both = n.coViews();
        // Snapshots of different items are published at different times; keep the table consistent.
        long sessionsA = Math.max(item.sessions(), both);
        long sessionsB = Math.max(coViews.sessions(n.itemId()), both);
        long population = Math.max(coViews.totalSessions(), sessionsA + sessionsB - both);
        double score = ranking.score(both, sessionsA, sessionsB, population);
        String evidence = switch (ranking) {
            case LLR -> "LLR " + Decimals.one(score);
            case COSINE -> "cosine " + Decimals.three(score);
            case LIFT -> "lift " + Decimals.one(score);
        };
        String reason = "viewed in the same session as " + facts.name(item.itemId()) + " in " + both
                + (both == 1 ? " session (" : " sessions (") + evidence + ")";
        return new RankedItem(n.itemId(), Math.round(score * 1000) / 1000.0, score, both, reason);
    }
}
