package io.rapport.rank;

import io.rapport.copurchase.NeighbourCount;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Every item's published neighbour list with its neighbours as dense ids ({@link Resolved}), and
 * every item's own count (buyers, or view sessions), by dense id. The owner writes an item's entry
 * when its snapshot changes ({@link #update}, on the view's thread), so a request reads arrays where
 * it would hash each neighbour's item id twice (its dense id, its count): on a long-tail catalogue,
 * where most lists a request reads are not in the scored lists' cache, that was most of its time.
 * An item whose snapshot has not changed since the recommender started is resolved from its view
 * when first read. Holds one entry per item with a snapshot (the catalogue, as the view does),
 * sharing no mutable state: an entry is replaced, never changed.
 *
 * <p>Only the view's thread calls {@link #update}, after the view holds the new snapshot; a read
 * fills an empty slot only ({@link #list}, {@link #count}), so whatever a reader found before the
 * update never replaces what the update wrote.
 */
final class ResolvedLists {
    private static final long UNSET = -1;

    private final ItemIds ids;
    private final Function<String, Resolved> resolver;
    private final ToLongFunction<String> counter;
    private volatile Resolved[] lists = new Resolved[1024];
    private volatile long[] counts = unset(1024);

    /**
     * @param resolver an item's list as its view holds it now (an empty one for an item it does not hold)
     * @param counter an item's own count as its view holds it now (0 for an item it does not hold)
     */
    ResolvedLists(ItemIds ids, Function<String, Resolved> resolver, ToLongFunction<String> counter) {
        this.ids = ids;
        this.resolver = resolver;
        this.counter = counter;
    }

    /** The item's list: as its last update wrote it, else as its view holds it now. */
    Resolved list(int id) {
        Resolved[] current = lists;
        Resolved known = id < current.length ? current[id] : null;
        if (known != null) {
            return known;
        }
        Resolved made = resolver.apply(ids.name(id));
        fill(id, made);
        return made;
    }

    /** The item's own count: as its last update wrote it, else as its view holds it now. */
    long count(int id) {
        long[] current = counts;
        long known = id < current.length ? current[id] : UNSET;
        if (known != UNSET) {
            return known;
        }
        long made = counter.applyAsLong(ids.name(id));
        fillCount(id, made);
        return made;
    }

    /** Writes the item's list and count as its view holds them now; the view's thread calls it on every change. */
    void update(String itemId) {
        int id = ids.of(itemId);
        Resolved list = resolver.apply(itemId);
        synchronized (this) {
            Resolved[] array = grown(lists, id);
            array[id] = list;
            long[] countArray = grown(counts, id);
            countArray[id] = list.count();
            // Republished through the volatile fields, so a reader loading them sees the new entries.
            lists = array;
            counts = countArray;
        }
    }

    private synchronized void fill(int id, Resolved list) {
        Resolved[] array = grown(lists, id);
        if (array[id] == null) {
            array[id] = list;
        }
        lists = array;
    }

    private synchronized void fillCount(int id, long count) {
        long[] array = grown(counts, id);
        if (array[id] == UNSET) {
            array[id] = count;
        }
        counts = array;
    }

    private static Resolved[] grown(Resolved[] array, int id) {
        return id < array.length ? array : Arrays.copyOf(array, Math.max(id + 1, array.length * 2));
    }

    private static long[] grown(long[] array, int id) {
        if (id < array.length) {
            return array;
        }
        long[] copy = unset(Math.max(id + 1, array.length * 2));
        System.arraycopy(array, 0, copy, 0, array.length);
        return copy;
    }

    private static long[] unset(int size) {
        long[] array = new long[size];
        Arrays.fill(array, UNSET);
        return array;
    }

    /**
     * One item's published neighbours as the scoring reads them: its own count, each neighbour's
     * dense id and count together, the list's last entry ({@code null} in co-view lists), the
     * snapshot's event time and each pair's last increase (null without time decay and in co-view
     * lists).
     */
    record Resolved(long count, int[] ids, long[] together, NeighbourCount last, long asOf, long[] increasedAt) {
        static final Resolved EMPTY = new Resolved(0, new int[0], new long[0], null, NeighbourCount.UNKNOWN, null);
    }
}
