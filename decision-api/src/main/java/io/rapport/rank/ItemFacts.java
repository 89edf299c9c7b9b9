package io.rapport.rank;

import io.rapport.catalog.CatalogItem;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.store.CatalogView;
import io.rapport.store.ItemView;
import java.util.function.Consumer;

/**
 * What the rankers know about an item besides its counts: its name, category and stock. The
 * product catalogue wins when it holds the item; otherwise the category is the one seen on events
 * (the item snapshot's), the name is the itemId, and stock is unknown.
 */
public final class ItemFacts {
    private final ItemView items;
    private final CatalogView catalog;

    public ItemFacts(ItemView items, CatalogView catalog) {
        this.items = items;
        this.catalog = catalog;
    }

    /** Facts from the item snapshots alone, without a catalogue. */
    public static ItemFacts of(ItemView items) {
        return new ItemFacts(items, new CatalogView());
    }

    /**
     * Registers a listener called with the itemId of every item whose facts may have changed: its
     * snapshot or its catalogue record changed or was removed (after the view holds the new state).
     */
    public void onChange(Consumer<String> listener) {
        items.onChange(listener);
        catalog.onChange(listener);
    }

    /** The catalogue name, else the itemId. */
    public String name(String itemId) {
        CatalogItem item = catalog.get(itemId).orElse(null);
        return item == null ? itemId : item.name();
    }

    /** The catalogue category, else the category seen on events; null when neither knows it. */
    public String category(String itemId) {
        CatalogItem item = catalog.get(itemId).orElse(null);
        if (item != null) {
            return item.category();
        }
        ItemSnapshot snapshot = items.get(itemId).orElse(null);
        return snapshot == null ? null : snapshot.category();
    }

    /** True only for an item the catalogue holds as out of stock (false for one it does not hold). */
    public boolean outOfStock(String itemId) {
        CatalogItem item = catalog.get(itemId).orElse(null);
        return item != null && !item.inStock();
    }

    /** True only for an item the catalogue holds as in stock. */
    public boolean inStock(String itemId) {
        CatalogItem item = catalog.get(itemId).orElse(null);
        return item != null && item.inStock();
    }
}
