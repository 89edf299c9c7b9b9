package io.rapport.rank;

import io.rapport.copurchase.ItemSnapshot;
import io.rapport.store.ItemView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The most bought items, the fallback when co-purchase counts have nothing to say about an item.
 *
 * <p>The ranking (distinct buyers desc, then itemId) is recomputed by {@link #refresh()}, which the
 * API calls about once a second off the event loop, never per request; requests read the last
 * result. Only the top {@code depth} items are kept, so a request that excludes more items than
 * that (the customer bought them) gets a shorter answer.
 */
public final class PopularItems {
    private static final Comparator<ItemSnapshot> MOST_BOUGHT =
            Comparator.comparingLong(ItemSnapshot::buyers).reversed().thenComparing(ItemSnapshot::itemId);

    private final ItemView items;
    private final int depth;
    private volatile List<RankedItem> top = List.of();

    public PopularItems(ItemView items, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be positive: " + depth);
        }
        this.items = items;
        this.depth = depth;
    }

    /** Recomputes the ranking from the item view: O(n log depth). */
    public void refresh() {
        PriorityQueue<ItemSnapshot> heap = new PriorityQueue<>(depth + 1, MOST_BOUGHT.reversed());
        for (ItemSnapshot s : items.all()) {
            if (s.buyers() > 0) {
                heap.add(s);
                if (heap.size() > depth) {
                    heap.poll();
                }
            }
        }
        List<ItemSnapshot> sorted = new ArrayList<>(heap);
        sorted.sort(MOST_BOUGHT);
        top = sorted.stream().map(PopularItems::ranked).toList();
    }

    private static RankedItem ranked(ItemSnapshot s) {
        String customers = s.buyers() == 1 ? " customer" : " customers";
        return new RankedItem(s.itemId(), s.buyers(), 0, "popular: bought by " + s.buyers() + customers);
    }

    /** All kept items, most bought first (at most the configured depth), for filtered answers. */
    public List<RankedItem> ranked() {
        return top;
    }

    /** The most bought items but those excluded, at most {@code limit}. */
    public List<RankedItem> top(int limit, Set<String> excluded) {
        List<RankedItem> result = new ArrayList<>(Math.min(limit, depth));
        for (RankedItem item : top) {
            if (result.size() == limit) {
                break;
            }
            if (!excluded.contains(item.itemId())) {
                result.add(item);
            }
        }
        return result;
    }
}
