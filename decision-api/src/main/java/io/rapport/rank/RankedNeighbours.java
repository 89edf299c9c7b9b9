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
 * <p>A list is the item's scored neighbours sorted best first: score desc (unrounded, {@link
 * RankedItem#rankedBy}), then the evidence count
 * ({@link RankedItem#coPurchases}) desc, then itemId. An entry lives at most {@value #TTL_SECONDS}
 * seconds, so changes of the neighbours' counts and of the population show within that time; the
 * owner drops it at once when the item's own snapshot changes ({@link #invalidate}).
 *
 * <p>The most common question, an anonymous one without filters (a product page), has one answer
 * per list and limit: the list's first items. An entry keeps that answer encoded for the last limit
 * asked ({@link #encodedTop}), so such a request neither picks nor encodes; it lives and goes with
 * the list (at most one encoded answer per cached item, about 1.5 KB for 10 items with reasons).
 */
final class RankedNeighbours {
    static final long TTL_SECONDS = 30;
    private static final Comparator<RankedItem> BEST_FIRST = Comparator.comparingDouble(RankedItem::rankedBy)
            .reversed()
            .thenComparing(Comparator.comparingLong(RankedItem::coPurchases).reversed())
            .thenComparing(RankedItem::itemId);

    private final Cache<String, Ranked> ranked;
    private final Function<String, List<RankedItem>> scored;

    /** A cached list, and its first {@code limit} items encoded as the last anonymous answer asked for. */
    private static final class Ranked {
        final List<RankedItem> items;
        volatile Encoded top;

        Ranked(List<RankedItem> items) {
            this.items = items;
        }
    }

    private record Encoded(int limit, byte[] body) {}

    /**
     * @param cacheSize most items whose ranked lists are cached
     * @param executor runs the cache's maintenance (the Vert.x context in the API)
     * @param scored an item's scored neighbours in any order, empty for an unknown item
     */
    RankedNeighbours(long cacheSize, Executor executor, Function<String, List<RankedItem>> scored) {
        this.scored = scored;
        this.ranked = AnswerCaches.builder(cacheSize, executor).build();
    }

    Cache<String, ?> cache() {
        return ranked;
    }

    void invalidate(String itemId) {
        ranked.invalidate(itemId);
    }

    /** The item's ranked neighbours, best first (cached). */
    List<RankedItem> of(String itemId) {
        return entry(itemId).items;
    }

    private Ranked entry(String itemId) {
        return ranked.get(itemId, id -> {
            List<RankedItem> list = new ArrayList<>(scored.apply(id));
            list.sort(BEST_FIRST);
            return new Ranked(List.copyOf(list));
        });
    }

    /**
     * The answer to an anonymous question without filters, encoded: {@code encode} of the list's
     * first {@code limit} items, which is what {@link #answer} picks for no owned items and {@link
     * ItemFilter#DEFAULT}; encoded once per cached list and limit. Null when the item has no
     * neighbours, whose answer is the popular fallback (not kept here: it changes with the population).
     */
    byte[] encodedTop(String itemId, int limit, Function<List<RankedItem>, byte[]> encode) {
        Ranked entry = entry(itemId);
        if (entry.items.isEmpty()) {
            return null;
        }
        Encoded top = entry.top;
        if (top == null || top.limit != limit) {
            top = new Encoded(limit, encode.apply(entry.items.subList(0, Math.min(limit, entry.items.size()))));
            entry.top = top;
        }
        return top.body;
    }

    /**
     * At most {@code limit} of the item's neighbours that pass {@code filter} with {@code strategy};
     * when none does, the {@code popular} fallback filtered the same way, never the item itself.
     */
    AlsoBought answer(
            String itemId,
            Strategy strategy,
            int limit,
            Set<String> owned,
            ItemFilter filter,
            ItemFacts facts,
            PopularItems popular) {
        List<RankedItem> result = filter.pick(of(itemId), limit, owned, facts, id -> true);
        if (!result.isEmpty()) {
            return new AlsoBought(itemId, strategy, result);
        }
        return new AlsoBought(
                itemId, Strategy.POPULAR, filter.pick(popular.ranked(), limit, owned, facts, id -> !id.equals(itemId)));
    }
}
