package io.rapport.store;

import io.rapport.coview.CoViewSnapshot;
import io.rapport.coview.ViewSessionTotals;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest {@link CoViewSnapshot} of every item, from the compacted {@code co-views} topic, and
 * the number of view sessions counted overall (the population of the also-viewed scores), from the
 * {@code view-sessions} key of the {@code totals} topic.
 *
 * <p>Written by one thread (the {@link ViewConsumer}) and read by any number of request threads.
 * Listeners hear of every changed or removed item after the view holds its new state.
 */
public final class CoViewView {
    private final ConcurrentHashMap<String, CoViewSnapshot> snapshots = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile long sessions;

    /** Registers a listener called with the itemId of every item that changed or was removed. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    public void put(CoViewSnapshot snapshot) {
        snapshots.put(snapshot.itemId(), snapshot);
        listeners.forEach(l -> l.accept(snapshot.itemId()));
    }

    public void remove(String itemId) {
        if (snapshots.remove(itemId) != null) {
            listeners.forEach(l -> l.accept(itemId));
        }
    }

    public Optional<CoViewSnapshot> get(String itemId) {
        return Optional.ofNullable(snapshots.get(itemId));
    }

    /** View sessions in which the item was viewed; 0 for an item the view does not hold. */
    public long sessions(String itemId) {
        CoViewSnapshot s = snapshots.get(itemId);
        return s == null ? 0 : s.sessions();
    }

    public void putTotals(ViewSessionTotals totals) {
        this.sessions = totals.sessions();
    }

    /** View sessions counted overall. */
    public long totalSessions() {
        return sessions;
    }

    public int size() {
        return snapshots.size();
    }
}
