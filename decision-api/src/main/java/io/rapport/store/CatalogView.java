package io.rapport.store;

import io.rapport.catalog.CatalogItem;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The product catalogue, as read from the compacted {@code catalog} topic (and applied at once by
 * {@code POST /v1/catalog} on this instance): name, category, price and stock per item.
 *
 * <p>Written by the view consumer and the catalogue handler, read by any request thread. Every
 * change is reported to the listeners after the view holds it, as {@link ItemView} does, so that
 * cached answers quoting an item's name are dropped.
 */
public final class CatalogView {
    private final ConcurrentHashMap<String, CatalogItem> items = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** Registers a listener called with the itemId of every record that changed or was removed. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    public void put(CatalogItem item) {
        items.put(item.itemId(), item);
        changed(item.itemId());
    }

    public void remove(String itemId) {
        if (items.remove(itemId) != null) {
            changed(itemId);
        }
    }

    public Optional<CatalogItem> get(String itemId) {
        return Optional.ofNullable(items.get(itemId));
    }

    /** The item's price, or null when the catalogue does not hold it (an {@code ItemPrices}). */
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
