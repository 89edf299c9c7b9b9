package io.rapport.rank;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dense int ids of the items this recommender has seen, so that per-request scoring indexes
 * arrays instead of hashing item ids. Grows with the distinct items seen by the process (the
 * catalogue), never shrinks; ids are never reused.
 */
final class ItemIds {
    private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
    private volatile String[] names = new String[1024];
    private volatile int[] versions = new int[1024];
    private volatile int size;
    /** Changes of any item's co-purchase or co-view lists so far; each stamps the item in {@link #changedAt}. */
    private volatile long changes;

    private volatile long[] changedAt = new long[1024];

    int of(String itemId) {
        Integer id = ids.get(itemId);
        return id != null ? id : add(itemId);
    }

    private synchronized int add(String itemId) {
        Integer known = ids.get(itemId);
        if (known != null) {
            return known;
        }
        int id = size;
        if (id == names.length) {
            names = Arrays.copyOf(names, id * 2);
        }
        // The name is stored before the id is published, so a reader holding an id finds its name.
        names[id] = itemId;
        ids.put(itemId, id);
        size = id + 1;
        return id;
    }

    String name(int id) {
        return names[id];
    }

    /** How many times the item's snapshot changed since this recommender gave it an id. */
    int version(int id) {
        int[] current = versions;
        return id < current.length ? current[id] : 0;
    }

    /** Counts a change of the item's snapshot (nothing for an item without an id yet). */
    synchronized void changed(String itemId) {
        int id = find(itemId);
        if (id >= 0) {
            int[] array = id < versions.length ? versions : Arrays.copyOf(versions, Math.max(id + 1, names.length));
            array[id]++;
            // Republished through the volatile field, so a reader loading it sees the new count.
            versions = array;
        }
    }

    /**
     * Stamps a change of the item's co-purchase or co-view lists with the next {@link #changes()}
     * (nothing for an item without an id yet: no answer used it).
     */
    synchronized void touched(String itemId) {
        int id = find(itemId);
        if (id >= 0) {
            long[] array = id < changedAt.length ? changedAt : Arrays.copyOf(changedAt, Math.max(id + 1, names.length));
            long next = changes + 1;
            array[id] = next;
            changedAt = array; // republished before the count, so a reader past the count sees the stamp
            changes = next;
        }
    }

    /** How many item changes were stamped so far ({@link #touched}). */
    long changes() {
        return changes;
    }

    /** The {@link #changes()} at the item's last stamped change; 0 for none (or an id of -1). */
    long changedAt(int id) {
        long[] current = changedAt;
        return id >= 0 && id < current.length ? current[id] : 0;
    }

    /** The item's id, or -1 when it has none yet. */
    int find(String itemId) {
        Integer id = ids.get(itemId);
        return id == null ? -1 : id;
    }

    int size() {
        return size;
    }
}
