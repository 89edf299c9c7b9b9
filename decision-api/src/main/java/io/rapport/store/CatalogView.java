package io.rapport.store;

import io.rapport.catalog.CatalogItem;
import io.rapport.offer.ItemPrices;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The product catalogue, as read from the compacted {@code catalog} topic (and applied at once by
 * {@code POST /v1/catalog} on this instance): name, category, price and stock per item.
 *
 * <p>Written by the view consumer and the catalogue handler, read by any request thread. Every
 * change is reported to the listeners after the view holds it, as {@link ItemView} does, so that
 * cached answers quoting an item's name are dropped. Items are also kept by category, cheapest first,
 * for up-sell ({@link #dearerInCategory}); writes are serialised so the two stay in step.
 */
public final class CatalogView implements ItemPrices {
    /** Most catalogue items one {@link #dearerInCategory} looks at (equal prices, out of stock). */
    private static final int MAX_WALK = 200;

    private static final Comparator<CatalogItem> CHEAPEST_FIRST =
            Comparator.comparingDouble(CatalogItem::price).thenComparing(CatalogItem::itemId);

    private final ConcurrentHashMap<String, CatalogItem> items = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, NavigableSet<CatalogItem>> byCategory = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** Registers a listener called with the itemId of every record that changed or was removed. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    public void put(CatalogItem item) {
        synchronized (this) {
            unindex(items.put(item.itemId(), item));
            if (item.category() != null) {
                byCategory
                        .computeIfAbsent(item.category(), c -> new ConcurrentSkipListSet<>(CHEAPEST_FIRST))
                        .add(item);
            }
        }
        changed(item.itemId());
    }

    public void remove(String itemId) {
        CatalogItem removed;
        synchronized (this) {
            removed = items.remove(itemId);
            unindex(removed);
        }
        if (removed != null) {
            changed(itemId);
        }
    }

    private void unindex(CatalogItem item) {
        if (item != null && item.category() != null) {
            NavigableSet<CatalogItem> inCategory = byCategory.get(item.category());
            if (inCategory != null) {
                inCategory.remove(item);
            }
        }
    }

    @Override
    public List<String> dearerInCategory(String category, double price, int max) {
        NavigableSet<CatalogItem> inCategory = category == null ? null : byCategory.get(category);
        if (inCategory == null) {
            return List.of();
        }
        List<String> dearer = new ArrayList<>();
        int walked = 0;
        // From the cheapest item at the price on; out-of-stock items are skipped, a bounded number.
        for (CatalogItem item : inCategory.tailSet(new CatalogItem("", "", category, price, true), true)) {
            if (dearer.size() >= max || ++walked > MAX_WALK) {
                break;
            }
            if (item.price() > price && item.inStock()) {
                dearer.add(item.itemId());
            }
        }
        return dearer;
    }

    public Optional<CatalogItem> get(String itemId) {
        return Optional.ofNullable(items.get(itemId));
    }

    /** The item's price, or null when the catalogue does not hold it. */
    @Override
    public Double price(String itemId) {
        CatalogItem item = items.get(itemId);
        return item == null ? null : item.price();
    }

    public int size() {
        return items.size();
    }

    private void changed(String itemId) {
        for (Consumer<String> listener : listeners) {
            listener.accept(itemId);
        }
    }
}
