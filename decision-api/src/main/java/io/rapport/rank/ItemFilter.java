package io.rapport.rank;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Request-time filters of also-bought and recommendations.
 *
 * @param categories keep only items in one of these categories (empty = any)
 * @param excludedCategories leave out items in any of these categories
 * @param excludePurchased leave out what the customer already bought (default true)
 * @param inStock keep only items the product catalogue holds as in stock (an item the catalogue
 *     does not hold is left out too)
 * @param maxPerCategory diversity cap: at most this many items of one category in an answer, the
 *     best of each kept (0 = no cap, the default); items of unknown category are not capped
 */
public record ItemFilter(
        Set<String> categories,
        Set<String> excludedCategories,
        boolean excludePurchased,
        boolean inStock,
        int maxPerCategory) {

    /** No filter but the default removal of owned items. */
    public static final ItemFilter DEFAULT = new ItemFilter(Set.of(), Set.of(), true, false, 0);

    public ItemFilter {
        categories = Set.copyOf(categories);
        excludedCategories = Set.copyOf(excludedCategories);
        if (maxPerCategory < 0) {
            throw new IllegalArgumentException("maxPerCategory must be >= 0: " + maxPerCategory);
        }
    }

    /** Whether an item may appear at all (the diversity cap aside). */
    public boolean accepts(String itemId, Set<String> owned, ItemFacts facts) {
        if (excludePurchased && owned.contains(itemId)) {
            return false;
        }
        if (!categories.isEmpty() || !excludedCategories.isEmpty()) {
            String category = facts.category(itemId);
            if (!categories.isEmpty() && (category == null || !categories.contains(category))) {
                return false;
            }
            if (category != null && excludedCategories.contains(category)) {
                return false;
            }
        }
        return !inStock || facts.inStock(itemId);
    }

    /**
     * The first {@code limit} items of a best-first list that pass the filter and the diversity
     * cap; {@code also} is an extra condition (e.g. never the item asked about).
     */
    public List<RankedItem> pick(
            List<RankedItem> bestFirst, int limit, Set<String> owned, ItemFacts facts, Predicate<String> also) {
        List<RankedItem> result = new ArrayList<>(Math.min(limit, bestFirst.size()));
        Map<String, Integer> perCategory = maxPerCategory == 0 ? Map.of() : new HashMap<>();
        for (RankedItem item : bestFirst) {
            if (result.size() == limit) {
                break;
            }
            if (!also.test(item.itemId()) || !accepts(item.itemId(), owned, facts)) {
                continue;
            }
            if (maxPerCategory > 0) {
                String category = facts.category(item.itemId());
                if (category != null && perCategory.merge(category, 1, Integer::sum) > maxPerCategory) {
                    continue;
                }
            }
            result.add(item);
        }
        return result;
    }

    /** True when {@link #accepts} looks at nothing but the customer's owned items. */
    boolean checksOwnedItemsOnly() {
        return categories.isEmpty() && excludedCategories.isEmpty() && !inStock;
    }

    /** True when the answer needs the whole candidate list sorted (diversity) rather than a top-k heap. */
    boolean caps() {
        return maxPerCategory > 0;
    }
}
