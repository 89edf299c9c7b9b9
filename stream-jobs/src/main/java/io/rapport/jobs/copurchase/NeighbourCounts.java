package io.rapport.jobs.copurchase;

import io.rapport.copurchase.NeighbourCount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One item's pair counts, neighbour itemId → count, in flat arrays with an open-addressing index.
 * {@link ItemNeighboursFunction} holds one per item as a single {@code ValueState}: one state access
 * per delta record instead of one map-state get and put per neighbour, and a count change is a hash
 * probe and an add. The top {@code k} ({@link #top}, in {@link
 * io.rapport.copurchase.TopNeighbours#RANKING}: count descending, then itemId ascending) are selected
 * only when a snapshot is made, at most once per flush interval, with ties broken by each entry's
 * precomputed itemId rank rather than by comparing strings.
 *
 * <p>Each entry also keeps the event time of its count's last increase ({@link #increasedAt}, for
 * the optional time decay of scores, {@link io.rapport.copurchase.TimeDecay}): an {@link #add} with
 * a positive change and a known time moves it forward, never back; a decrease leaves it as it is.
 * The array is only made once a known time is given, so a caller that gives none (the co-view job)
 * holds no times.
 *
 * <p>Invariants: only non-zero counts are held (a count that returns to 0 is removed, so the
 * structure is empty exactly when every pair count is 0); each itemId at most once.
 *
 * <p>A Flink POJO: only {@link #ids}, {@link #counts}, {@link #increasedAt} and {@link #size}
 * (entries {@code 0..size-1} in no particular order) are serialized, with Flink's native array
 * serializers; state written before {@link #increasedAt} existed restores with it null. The hash index and
 * the itemId ranks are transient and rebuilt on first use after the object was deserialized or
 * copied, e.g. by the heap state backend's copy-on-write during a checkpoint. With the heap backend
 * {@code value()} returns the live object, so an update costs a hash probe and an add (an insert or
 * a removal also shifts the itemId ranks); with a serializing backend (RocksDB, ForSt) every access
 * would pay the rebuild.
 */
public class NeighbourCounts {
    private static final String[] NO_IDS = new String[0];
    private static final long[] NO_COUNTS = new long[0];
    private static final int MIN_CAPACITY = 8;

    /** Neighbour itemIds, entries {@code 0..size-1}; the rest are null. */
    public String[] ids = NO_IDS;
    /** The count of {@code ids[i]}, never 0 for an entry. */
    public long[] counts = NO_COUNTS;
    /**
     * The event time (epoch ms) of the last increase of {@code counts[i]}, {@link
     * NeighbourCount#UNKNOWN} when not known; null while no time was ever given. As long as {@link
     * #ids} when not null.
     */
    public long[] increasedAt;

    public int size;

    /** Open addressing with linear probing: entry index + 1, 0 for a free slot. */
    private transient int[] table;
    /** Entry indices by itemId ascending. */
    private transient int[] byId;
    /**
     * {@code idRank[e]}: the position of entry e in {@link #byId}, so that ties are broken without
     * comparing strings; it changes only when a neighbour is added or removed, not at every count.
     */
    private transient int[] idRank;

    public NeighbourCounts() {}

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The count of {@code itemId}, 0 when it is not held. */
    public long get(String itemId) {
        index();
        int slot = table[probe(itemId)];
        return slot == 0 ? 0 : counts[slot - 1];
    }

    /**
     * The event time of the last increase of {@code itemId}'s count, {@link NeighbourCount#UNKNOWN}
     * when not known or not held.
     */
    public long lastIncreasedAt(String itemId) {
        index();
        int slot = table[probe(itemId)];
        return slot == 0 || increasedAt == null ? NeighbourCount.UNKNOWN : increasedAt[slot - 1];
    }

    /** The latest {@link #lastIncreasedAt} of all entries, {@link NeighbourCount#UNKNOWN} when none is known. */
    public long latestIncrease() {
        long latest = NeighbourCount.UNKNOWN;
        if (increasedAt != null) {
            for (int e = 0; e < size; e++) {
                if (increasedAt[e] != NeighbourCount.UNKNOWN
                        && (latest == NeighbourCount.UNKNOWN || increasedAt[e] > latest)) {
                    latest = increasedAt[e];
                }
            }
        }
        return latest;
    }

    /** {@link #add(String, long, long)} without a time: the last increase time stays as it is. */
    public long add(String itemId, long delta) {
        return add(itemId, delta, NeighbourCount.UNKNOWN);
    }

    /**
     * Adds {@code delta} to the count of {@code itemId} (0 when not held) and keeps the entry only
     * if the sum is non-zero. A positive {@code delta} with a known {@code time} makes it the
     * entry's last increase time unless the entry already holds a later one.
     *
     * @param time event time of the change, epoch ms, or {@link NeighbourCount#UNKNOWN}
     * @return the new count
     */
    public long add(String itemId, long delta, long time) {
        index();
        boolean dated = delta > 0 && time != NeighbourCount.UNKNOWN;
        if (dated && increasedAt == null) {
            increasedAt = new long[ids.length];
        }
        int at = probe(itemId);
        int slot = table[at];
        if (slot == 0) {
            if (delta == 0) {
                return 0;
            }
            insert(at, itemId, delta, dated ? time : NeighbourCount.UNKNOWN);
            return delta;
        }
        int e = slot - 1;
        long updated = counts[e] + delta;
        if (updated == 0) {
            remove(at, e);
        } else {
            counts[e] = updated;
            if (dated && (increasedAt[e] == NeighbourCount.UNKNOWN || time > increasedAt[e])) {
                increasedAt[e] = time;
            }
        }
        return updated;
    }

    /** The first {@code k} neighbours with a positive count, in ranking order: O(size · log k). */
    public List<NeighbourCount> top(int k) {
        index();
        int[] best = ranked(k, true);
        List<NeighbourCount> top = new ArrayList<>(best.length);
        for (int e : best) {
            top.add(new NeighbourCount(
                    ids[e], counts[e], increasedAt == null ? NeighbourCount.UNKNOWN : increasedAt[e]));
        }
        return top;
    }

    /**
     * The indices of the first {@code k} entries in ranking order (only those with a positive count
     * when {@code positiveOnly}), best first: a heap of the best {@code k} seen, worst at its root.
     */
    private int[] ranked(int k, boolean positiveOnly) {
        int[] heap = new int[Math.min(k, size)];
        int n = 0;
        for (int e = 0; e < size; e++) {
            if (positiveOnly && counts[e] <= 0) {
                continue;
            }
            if (n < heap.length) {
                heap[n] = e;
                siftUp(heap, n++);
            } else if (before(e, heap[0])) {
                heap[0] = e;
                siftDown(heap, n);
            }
        }
        int[] best = new int[n];
        for (int p = n - 1; p >= 0; p--) {
            best[p] = heap[0];
            heap[0] = heap[p];
            siftDown(heap, p);
        }
        return best;
    }

    private void siftUp(int[] heap, int at) {
        int e = heap[at];
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!before(heap[parent], e)) {
                break;
            }
            heap[at] = heap[parent];
            at = parent;
        }
        heap[at] = e;
    }

    /** Restores the heap {@code heap[0, n)} after its root was replaced. */
    private void siftDown(int[] heap, int n) {
        if (n == 0) {
            return;
        }
        int e = heap[0];
        int at = 0;
        for (int child = 1; child < n; child = 2 * at + 1) {
            if (child + 1 < n && before(heap[child], heap[child + 1])) {
                child++;
            }
            if (!before(e, heap[child])) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = e;
    }

    private void insert(int at, String itemId, long count, long time) {
        if (size == ids.length) {
            grow();
            at = probe(itemId);
        }
        int lo = 0;
        int hi = size; // the first entry by id that comes after itemId
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ids[byId[mid]].compareTo(itemId) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int e = size++;
        ids[e] = itemId;
        counts[e] = count;
        if (increasedAt != null) {
            increasedAt[e] = time;
        }
        table[at] = e + 1;
        System.arraycopy(byId, lo, byId, lo + 1, e - lo);
        byId[lo] = e;
        for (int q = lo; q <= e; q++) {
            idRank[byId[q]] = q;
        }
    }

    private void remove(int at, int e) {
        unlinkSlot(at);
        int last = size - 1;
        int p = idRank[e];
        System.arraycopy(byId, p + 1, byId, p, last - p);
        for (int q = p; q < last; q++) {
            idRank[byId[q]] = q;
        }
        if (e != last) {
            // the last entry fills the hole, so entries stay 0..size-1
            ids[e] = ids[last];
            counts[e] = counts[last];
            if (increasedAt != null) {
                increasedAt[e] = increasedAt[last];
            }
            idRank[e] = idRank[last];
            byId[idRank[e]] = e;
            table[probe(ids[e])] = e + 1;
        }
        ids[last] = null;
        counts[last] = 0;
        if (increasedAt != null) {
            increasedAt[last] = NeighbourCount.UNKNOWN;
        }
        size = last;
    }

    /** Whether entry a ranks before entry b: higher count, or the same count and a smaller itemId. */
    private boolean before(int a, int b) {
        return counts[a] != counts[b] ? counts[a] > counts[b] : idRank[a] < idRank[b];
    }

    /** The slot holding {@code itemId}, or the free slot where it would go. */
    private int probe(String itemId) {
        int mask = table.length - 1;
        for (int i = hash(itemId) & mask; ; i = (i + 1) & mask) {
            int slot = table[i];
            if (slot == 0 || ids[slot - 1].equals(itemId)) {
                return i;
            }
        }
    }

    /** Frees slot {@code i}, shifting later entries of the probe run back so every entry stays reachable. */
    private void unlinkSlot(int i) {
        int mask = table.length - 1;
        for (int j = (i + 1) & mask; table[j] != 0; j = (j + 1) & mask) {
            int home = hash(ids[table[j] - 1]) & mask;
            boolean staysPut = i <= j ? i < home && home <= j : i < home || home <= j;
            if (!staysPut) {
                table[i] = table[j];
                i = j;
            }
        }
        table[i] = 0;
    }

    private static int hash(String itemId) {
        int h = itemId.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void grow() {
        int capacity = Math.max(MIN_CAPACITY, ids.length * 2);
        ids = Arrays.copyOf(ids, capacity);
        counts = Arrays.copyOf(counts, capacity);
        if (increasedAt != null) {
            increasedAt = Arrays.copyOf(increasedAt, capacity);
        }
        byId = Arrays.copyOf(byId, capacity);
        idRank = Arrays.copyOf(idRank, capacity);
        rehash();
    }

    private void rehash() {
        table = new int[Math.max(MIN_CAPACITY, ids.length) * 2];
        for (int e = 0; e < size; e++) {
            table[probe(ids[e])] = e + 1;
        }
    }

    /** Builds the transient index and itemId ranks after deserialization or copying. */
    private void index() {
        if (table != null) {
            return;
        }
        rehash();
        Integer[] sorted = new Integer[size];
        for (int e = 0; e < size; e++) {
            sorted[e] = e;
        }
        Arrays.sort(sorted, (a, b) -> ids[a].compareTo(ids[b]));
        byId = new int[ids.length];
        idRank = new int[ids.length];
        for (int p = 0; p < size; p++) {
            byId[p] = sorted[p];
            idRank[sorted[p]] = p;
        }
    }

    /** Every entry in ranking order, e.g. {@code {c=3, b=2}}. */
    @Override
    public String toString() {
        index();
        StringBuilder s = new StringBuilder("{");
        int[] all = ranked(size, false);
        for (int p = 0; p < all.length; p++) {
            s.append(p == 0 ? "" : ", ").append(ids[all[p]]).append('=').append(counts[all[p]]);
        }
        return s.append('}').toString();
    }
}
