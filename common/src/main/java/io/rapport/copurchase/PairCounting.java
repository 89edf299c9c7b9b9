package io.rapport.copurchase;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The pure rules of customer-level co-purchase counting (PRODUCT.md, "Counting"), shared by the
 * Flink job, the offline evaluation and the tests' exact recount.
 *
 * <p>A customer owns a set of items. Buying an item they do not own adds one to that item's buyer
 * count and one to each pair it forms with the items they own; buying an owned item again changes
 * nothing, which also makes a replayed or duplicated purchase harmless. Removing items (erase,
 * retention) subtracts exactly what adding them added. Two caps bound a customer: the first {@code
 * pairCap} items they bought take part in pairs ({@link #paired}); the first {@code boughtCap}
 * count as bought at all, later ones are ignored ({@link #newlyBought}). Either way the outcome
 * depends only on the order of the customer's events, which Kafka keeps per customer. An item that
 * joined past the pair cap stays out of pairs while the customer keeps it.
 */
public final class PairCounting {
    private PairCounting() {}

    /**
     * The items of a purchase that are new to the customer, in order of appearance, without repeats,
     * and no more than the free room under {@code cap}.
     */
    public static List<String> newlyBought(Set<String> owned, Collection<String> purchased, int cap) {
        return newlyBought(owned.size(), owned::contains, purchased, cap);
    }

    /**
     * {@link #newlyBought(Set, Collection, int)} for a customer who owns {@code ownedCount} items,
     * told apart by {@code isOwned}, so that a caller holding them in another form needs no set.
     */
    public static List<String> newlyBought(
            int ownedCount, Predicate<String> isOwned, Collection<String> purchased, int cap) {
        List<String> fresh = new ArrayList<>();
        Set<String> seen = null; // a set once the list is long enough for contains() to cost
        int room = cap - ownedCount;
        for (String item : purchased) {
            if (fresh.size() >= room) {
                break;
            }
            if (isOwned.test(item) || (seen == null ? fresh.contains(item) : seen.contains(item))) {
                continue;
            }
            fresh.add(item);
            if (seen != null) {
                seen.add(item);
            } else if (fresh.size() > 16) {
                seen = new HashSet<>(fresh);
            }
        }
        return fresh;
    }

    /**
     * The newly bought items that take part in pairs: the first ones, while the customer has fewer
     * than {@code pairCap} paired items ({@code pairedCount}).
     */
    public static List<String> paired(List<String> fresh, int pairedCount, int pairCap) {
        return fresh.subList(0, Math.max(0, Math.min(fresh.size(), pairCap - pairedCount)));
    }

    /**
     * Visits every unordered pair that {@code changed} forms with {@code others} and within itself:
     * the pairs gained when {@code changed} is added to {@code others}, or lost when it is removed
     * from {@code others ∪ changed}. Each pair is visited once, as (changed item, other item).
     */
    public static void forEachPair(Collection<String> others, List<String> changed, BiConsumer<String, String> pair) {
        for (int i = 0; i < changed.size(); i++) {
            String a = changed.get(i);
            for (String b : others) {
                pair.accept(a, b);
            }
            for (int j = 0; j < i; j++) {
                pair.accept(a, changed.get(j));
            }
        }
    }
}
