package io.rapport.store;

import io.rapport.copurchase.ItemSnapshot;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest {@link ItemSnapshot} of every item, as read from the compacted {@code items} topic.
 *
 * <p>Written by one thread (the {@link ViewConsumer}) and read by any number of request threads.
 * Every change of an item, including its removal, is reported to the change listeners after the
 * view holds the new state, so a listener that drops a derived answer never races a reader into
 * caching the old one for longer than that reader's own computation.
 */
public final class ItemView {
    private final ConcurrentHashMap<String, ItemSnapshot> items = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** Registers a listener called with the itemId of every item that changed or was removed. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Stores the item's snapshot, replacing the previous one. */
    public void put(ItemSnapshot snapshot) {
        items.put(snapshot.itemId(), snapshot);
        changed(snapshot.itemId());
    }

    /** Forgets the item (a tombstone on the topic). */
    public void remove(String itemId) {
        if (items.remove(itemId) != null) {
            changed(itemId);
        }
    }

    public Optional<ItemSnapshot> get(String itemId) {
        return Optional.ofNullable(items.get(itemId));
    }

    /** Distinct buyers of the item, 0 for an item the view does not hold. */
    public long buyers(String itemId) {
        ItemSnapshot snapshot = items.get(itemId);
        return snapshot == null ? 0 : snapshot.buyers();
    }

    /** A weakly consistent live view of all snapshots, for periodic recomputations. */
    public Collection<ItemSnapshot> all() {
        return items.values();
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
