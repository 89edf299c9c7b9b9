package io.rapport.rank;

import com.github.benmanes.caffeine.cache.Cache;
import io.rapport.copurchase.CoPurchaseScore;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.copurchase.RankingScore;
import io.rapport.copurchase.TimeDecay;
import io.rapport.store.CustomerItemsView;
import io.rapport.store.ItemView;
import io.rapport.store.TotalsView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Answers "customers who bought this also bought".
 *
 * <p>An item's neighbours are scored with the configured {@link RankingScore} ({@link
 * CoPurchaseScore#llr} by default; cosine or lift), times the configured {@link TimeDecay} factor
 * of the pair's last increase against the item's snapshot time (off by default: exactly the
 * score), and sorted by score desc, then co-purchases desc, then itemId. The decay keeps a score's
 * sign, so negatively associated pairs still rank after every positive one. The full ranked list of an item is cached ({@link
 * RankedNeighbours}; the per-request work is then a filter and a cut): an entry lives at most 30 seconds, so
 * changes of the neighbours' counts and of the population show within that time, and it is
 * dropped at once when the item's own snapshot changes ({@link #invalidate}).
 *
 * <p>Items the customer already bought are removed after the cache. When nothing is left (unknown
 * item, no neighbours, or the customer owns them all) the answer falls back to {@link
 * PopularItems}, never including the item asked about, and says so in its strategy. Request-time
 * filters ({@link ItemFilter}: categories, stock, diversity, keeping owned items) apply to both.
 * Reasons name items by their catalogue name when the catalogue holds them ({@link ItemFacts}).
 */
public final class AlsoBoughtRanker {
    private final ItemView items;
    private final CustomerItemsView customers;
    private final TotalsView totals;
    private final PopularItems popular;
    private final ItemFacts facts;
    private final RankingScore ranking;
    private final TimeDecay decay;
    private final RankedNeighbours ranked;

    /**
     * @param cacheSize most items whose ranked lists are cached
     * @param executor runs the cache's maintenance (the Vert.x context in the API)
     */
    public AlsoBoughtRanker(
            ItemView items,
            CustomerItemsView customers,
            TotalsView totals,
            PopularItems popular,
            long cacheSize,
            Executor executor) {
        this(items, customers, totals, popular, cacheSize, executor, ItemFacts.of(items), RankingScore.DEFAULT);
    }

    /**
     * @param facts names, categories and stock, for filters and reasons
     * @param ranking the score that ranks neighbours
     */
    public AlsoBoughtRanker(
            ItemView items,
            CustomerItemsView customers,
            TotalsView totals,
            PopularItems popular,
            long cacheSize,
            Executor executor,
            ItemFacts facts,
            RankingScore ranking) {
        this(items, customers, totals, popular, cacheSize, executor, facts, ranking, TimeDecay.OFF);
    }

    /**
     * @param facts names, categories and stock, for filters and reasons
     * @param ranking the score that ranks neighbours
     * @param decay the time decay of that score by the age of each pair's last increase
     */
    public AlsoBoughtRanker(
            ItemView items,
            CustomerItemsView customers,
            TotalsView totals,
            PopularItems popular,
            long cacheSize,
            Executor executor,
            ItemFacts facts,
            RankingScore ranking,
            TimeDecay decay) {
        this.items = items;
        this.facts = facts;
        this.ranking = ranking;
        this.decay = decay;
        this.customers = customers;
        this.totals = totals;
        this.popular = popular;
        this.ranked = new RankedNeighbours(cacheSize, executor, this::scored);
    }

    /** The cache of ranked lists, for metrics. */
    public Cache<String, ?> cache() {
        return ranked.cache();
    }

    /** Names, categories and stock of items. */
    public ItemFacts facts() {
        return facts;
    }

    /** The score that ranks neighbours. */
    public RankingScore ranking() {
        return ranking;
    }

    /** The time decay of scores. */
    public TimeDecay decay() {
        return decay;
    }

    /** Drops the cached list of an item whose snapshot changed. */
    public void invalidate(String itemId) {
        ranked.invalidate(itemId);
    }

    /** All ranked neighbours of an item, best first (cached); empty for an unknown item. */
    public List<RankedItem> neighbours(String itemId) {
        return ranked.of(itemId);
    }

    /**
     * Recommends at most {@code limit} items to go with {@code itemId}.
     *
     * @param customerId whose bought items are left out; null for an anonymous visitor
     */
    public AlsoBought recommend(String itemId, String customerId, int limit) {
        return recommend(itemId, customerId, limit, ItemFilter.DEFAULT);
    }

    /**
     * Recommends at most {@code limit} items to go with {@code itemId} that pass {@code filter}; the
     * popular fallback, filtered the same way, when none does.
     */
    public AlsoBought recommend(String itemId, String customerId, int limit, ItemFilter filter) {
        return ranked.answer(itemId, Strategy.CO_PURCHASE, limit, customers.bought(customerId), filter, facts, popular);
    }

    /**
     * The answer for an anonymous visitor without filters ({@code recommend(itemId, null, limit)}),
     * as {@code encode} turns its items into a body, from the cache: encoded once per ranked list
     * and limit. Null when the item has no neighbours: ask {@link #recommend} for the fallback.
     */
    public byte[] encodedAnonymous(String itemId, int limit, Function<List<RankedItem>, byte[]> encode) {
        return ranked.encodedTop(itemId, limit, encode);
    }

    private List<RankedItem> scored(String itemId) {
        ItemSnapshot item = items.get(itemId).orElse(null);
        if (item == null) {
            return List.of();
        }
        List<RankedItem> result = new ArrayList<>(item.neighbours().size());
        for (NeighbourCount n : item.neighbours()) {
            if (!n.itemId().equals(itemId)) {
                result.add(score(item, n));
            }
        }
        return result;
    }

    /** Below this a reason notes the decay: it reads ×0.999 or less (×1.000 would say nothing). */
    static final double NOTED_DECAY = 0.9995;

    private RankedItem score(ItemSnapshot item, NeighbourCount n) {
        long both = n.coPurchases();
        // Counts come from different records published at different times; keep the table consistent.
        long buyersA = Math.max(item.buyers(), both);
        long buyersB = Math.max(items.buyers(n.itemId()), both);
        long population = Math.max(totals.population(), buyersA + buyersB - both);
        double base = ranking.score(both, buyersA, buyersB, population);
        double factor = decay.factor(item.asOf(), n.lastIncreasedAt());
        double score = base * factor;
        double lift = CoPurchaseScore.lift(both, buyersA, buyersB, population);
        // Built for every neighbour of a ranked item, so no String.format: it costs microseconds each.
        String evidence = switch (ranking) {
            case LLR -> "LLR " + Decimals.one(base) + ", lift " + Decimals.one(lift);
            case COSINE -> "cosine " + Decimals.three(base) + ", lift " + Decimals.one(lift);
            case LIFT -> "lift " + Decimals.one(lift);
        };
        if (factor < NOTED_DECAY) {
            evidence += ", time decay ×" + Decimals.three(factor);
        }
        String reason = "bought together with " + facts.name(item.itemId()) + " by " + both
                + (both == 1 ? " customer (" : " customers (") + evidence + ")";
        return new RankedItem(n.itemId(), Math.round(score * 1000) / 1000.0, score, both, reason);
    }
}
