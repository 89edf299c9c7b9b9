package io.rapport.rank;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every item's category ({@link ItemFacts#category}: the catalogue's, else the one seen on events)
 * as a dense category id, indexed by the recommender's dense item ids, so that scoring reads an
 * array per candidate instead of looking the item up in the catalogue and the item view.
 *
 * <p>An item's entry is resolved on first use and re-resolved whenever its facts change (the owner
 * forwards {@link ItemFacts#onChange}), so it is never staler than the views. Writes are serialised
 * and each reads the facts after the change it follows, so the last write holds the newest
 * category; each write republishes the array through a volatile field, so a reader that loads the
 * field sees every write made before. Category ids are never reused; there are as many as distinct
 * categories seen (a few hundred in retail), 4 bytes per item.
 */
final class ItemCategories {
    /** The id of "no category". */
    static final int NONE = -1;
    // Entries: 0 = not resolved yet, 1 = no category, id + 2 otherwise.
    private static final int UNRESOLVED = 0;
    private static final int OFFSET = 2;

    private final ItemFacts facts;
    private final ItemIds items;
    private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
    private volatile int[] byItem = new int[1024];

    ItemCategories(ItemFacts facts, ItemIds items) {
        this.facts = facts;
        this.items = items;
    }

    /** The category id of the item with dense id {@code item}, {@link #NONE} when it has none. */
    int of(int item) {
        int[] current = byItem;
        int entry = item < current.length ? current[item] : UNRESOLVED;
        return entry != UNRESOLVED ? entry - OFFSET : resolve(item);
    }

    /** The id of a category name (a new one for a name not seen before). */
    int idOf(String category) {
        Integer id = ids.get(category);
        return id != null ? id : newOrKnownId(category);
    }

    /** Re-reads the category of an item whose facts changed, if it has an entry. */
    synchronized void refresh(String itemId) {
        int item = items.find(itemId);
        if (item >= 0 && item < byItem.length && byItem[item] != UNRESOLVED) {
            write(item, itemId);
        }
    }

    private synchronized int resolve(int item) {
        if (item >= byItem.length || byItem[item] == UNRESOLVED) {
            write(item, items.name(item));
        }
        return byItem[item] - OFFSET;
    }

    private void write(int item, String itemId) {
        String category = facts.category(itemId);
        int[] array = item < byItem.length ? byItem : Arrays.copyOf(byItem, Math.max(item + 1, byItem.length * 2));
        array[item] = (category == null ? NONE : newOrKnownId(category)) + OFFSET;
        byItem = array;
    }

    private synchronized int newOrKnownId(String category) {
        Integer id = ids.get(category);
        if (id == null) {
            id = ids.size();
            ids.put(category, id);
        }
        return id;
    }
}
