package io.rapport.rank;

import io.rapport.copurchase.ItemSnapshot;
import io.rapport.store.ItemView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The most bought items, the fallback when co-purchase counts have nothing to say about an item.
 *
 * <p>The ranking (distinct buyers desc, then itemId) is recomputed by {@link #refresh()}, which the
 * API calls about once a second off the event loop, never per request; requests read the last
 * result. A refresh recomputes only when an item's snapshot or catalogue record changed since the
 * last one began ({@link ItemFacts#onChange}): on a 40,000-item catalogue each pass took about 7 % of
 * a core, spent every second while nothing changed. Only the top {@code depth} items are kept, so a
 * request that excludes more items than that (the customer bought them) gets a shorter answer. The same refresh keeps the top {@value
 * #PER_CATEGORY} items of every category (the category as {@link ItemFacts} knows it, so the
 * catalogue's wins), for the recommendations' "recent popular in your categories" fallback: at most
 * categories × {@value #PER_CATEGORY} entries, ranked by recent buyers ({@link
 * ItemSnapshot#recentBuyers}: new buyers of the job's recent window, 30 days by default), then
 * distinct buyers, then itemId. Snapshots without recent buyers (an older job) rank by buyers alone,
 * as before.
 *
 * <p>Popular means most distinct buyers among the counts the co-purchase job holds, that is within
 * its retention window (365 days of event time by default).
 */
public final class PopularItems {
    private static final Comparator<ItemSnapshot> MOST_BOUGHT =
            Comparator.comparingLong(ItemSnapshot::buyers).reversed().thenComparing(ItemSnapshot::itemId);
    private static final Comparator<ItemSnapshot> RECENTLY_MOST_BOUGHT =
            Comparator.comparingLong(ItemSnapshot::recentBuyers).reversed().thenComparing(MOST_BOUGHT);

    /** An item of a category's popular list with its distinct buyers, all-time and recent. */
    public record CategoryItem(String itemId, long buyers, long recentBuyers) {}

    /** Items kept per category. */
    static final int PER_CATEGORY = 100;

    private final ItemView items;
    private final int depth;
    private final ItemFacts facts;
    /** Whether an item changed since the last refresh began: set by the view's thread, taken by {@link #refresh}. */
    private final AtomicBoolean changed = new AtomicBoolean(true);

    private volatile List<RankedItem> top = List.of();
    /** Passes that recomputed the rankings. */
    private volatile long refreshes;

    private volatile Map<String, List<CategoryItem>> topByCategory = Map.of();

    /** Popular items with the categories seen on events. */
    public PopularItems(ItemView items, int depth) {
        this(items, depth, ItemFacts.of(items));
    }

    /**
     * @param facts the items' categories ({@link ItemFacts#category}), whose changes (and the item
     *     view's) make the next refresh recompute; {@code facts} reads {@code items}
     */
    public PopularItems(ItemView items, int depth, ItemFacts facts) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be positive: " + depth);
        }
        this.items = items;
        this.depth = depth;
        this.facts = facts;
        facts.onChange(itemId -> changed.set(true));
    }

    /**
     * Recomputes the rankings from the item view, O(n log depth), when an item changed since the
     * last refresh began; else keeps them.
     */
    public synchronized void refresh() {
        // Taken before reading: a change during the pass makes the next refresh recompute.
        if (!changed.getAndSet(false)) {
            return;
        }
        PriorityQueue<ItemSnapshot> heap = new PriorityQueue<>(depth + 1, MOST_BOUGHT.reversed());
        Map<String, PriorityQueue<ItemSnapshot>> heaps = new HashMap<>();
        for (ItemSnapshot s : items.all()) {
            if (s.buyers() > 0) {
                keep(heap, s, depth);
                String category = facts.category(s.itemId());
                if (category != null) {
                    keep(
                            heaps.computeIfAbsent(category, c -> new PriorityQueue<>(RECENTLY_MOST_BOUGHT.reversed())),
                            s,
                            PER_CATEGORY);
                }
            }
        }
        Map<String, List<CategoryItem>> byCategory = new HashMap<>();
        heaps.forEach((category, h) -> byCategory.put(category, sortedRecentFirst(h)));
        top = sorted(heap);
        topByCategory = Map.copyOf(byCategory);
        refreshes = refreshes + 1; // written only here, under the lock
    }

    /** How many passes recomputed the rankings so far. */
    public long refreshes() {
        return refreshes;
    }

    private static List<CategoryItem> sortedRecentFirst(PriorityQueue<ItemSnapshot> heap) {
        List<ItemSnapshot> sorted = new ArrayList<>(heap);
        sorted.sort(RECENTLY_MOST_BOUGHT);
        return sorted.stream()
                .map(s -> new CategoryItem(s.itemId(), s.buyers(), s.recentBuyers()))
                .toList();
    }

    private static void keep(PriorityQueue<ItemSnapshot> heap, ItemSnapshot s, int size) {
        heap.add(s);
        if (heap.size() > size) {
            heap.poll();
        }
    }

    private static List<RankedItem> sorted(PriorityQueue<ItemSnapshot> heap) {
        List<ItemSnapshot> sorted = new ArrayList<>(heap);
        sorted.sort(MOST_BOUGHT);
        return sorted.stream().map(PopularItems::ranked).toList();
    }

    private static RankedItem ranked(ItemSnapshot s) {
        String customers = s.buyers() == 1 ? " customer" : " customers";
        return new RankedItem(s.itemId(), s.buyers(), 0, "popular: bought by " + s.buyers() + customers);
    }

    /** All kept items, most bought first (at most the configured depth), for filtered answers. */
    public List<RankedItem> ranked() {
        return top;
    }

    /**
     * The most recently bought items of a category (recent buyers, then buyers, then itemId), at
     * most {@value #PER_CATEGORY}; empty for an unknown one.
     */
    public List<CategoryItem> inCategory(String category) {
        return topByCategory.getOrDefault(category, List.of());
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
