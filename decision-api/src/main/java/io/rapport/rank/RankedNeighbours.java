package io.rapport.rank;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The cached, ranked neighbour lists behind the item-to-item answers ({@link AlsoBoughtRanker},
 * {@link AlsoViewedRanker}), and how such a list becomes an answer.
 *
 * <p>A list is the item's scored neighbours sorted best first: score desc, then the evidence count
 * ({@link RankedItem#coPurchases}) desc, then itemId. An entry lives at most {@value #TTL_SECONDS}
 * seconds, so changes of the neighbours' counts and of the population show within that time; the
 * owner drops it at once when the item's own snapshot changes ({@link #invalidate}).
 */
final class RankedNeighbours {
    static final long TTL_SECONDS = 30;
    private static final Comparator<RankedItem> BEST_FIRST = Comparator.comparingDouble(RankedItem::score)
            .reversed()
            .thenComparing(Comparator.comparingLong(RankedItem::coPurchases).reversed())
            .thenComparing(RankedItem::itemId);

    private final Cache<String, List<RankedItem>> ranked;
    private final Function<String, List<RankedItem>> scored;

    /**
     * @param cacheSize most items whose ranked lists are cached
     * @param executor runs the cache's maintenance (the Vert.x context in the API)
     * @param scored an item's scored neighbours in any order, empty for an unknown item
     */
    RankedNeighbours(long cacheSize, Executor executor, Function<String, List<RankedItem>> scored) {
        this.scored = scored;
        this.ranked = AnswerCaches.builder(cacheSize, executor).build();
    }

    Cache<String, List<RankedItem>> cache() {
        return ranked;
    }

    void invalidate(String itemId) {
        ranked.invalidate(itemId);
    }

    /** The item's ranked neighbours, best first (cached). */
    List<RankedItem> of(String itemId) {
        return ranked.get(itemId, id -> {
            List<RankedItem> list = new ArrayList<>(scored.apply(id));
            list.sort(BEST_FIRST);
            return List.copyOf(list);
        });
    }

    /**
     * At most {@code limit} of the item's neighbours that pass {@code filter} with {@code strategy};
     * when none does, the {@code popular} fallback filtered the same way, never the item itself.
     */
    AlsoBought answer(String itemId, Strategy strategy, int limit, Set<String> owned, ItemFilter filter,
            ItemFacts facts, PopularItems popular) {
        List<RankedItem> result = filter.pick(of(itemId), limit, owned, facts, id -> true);
        if (!result.isEmpty()) {
            return new AlsoBought(itemId, strategy, result);
        }
        return new AlsoBought(itemId, Strategy.POPULAR,
                filter.pick(popular.ranked(), limit, owned, facts, id -> !id.equals(itemId)));
    }
}
