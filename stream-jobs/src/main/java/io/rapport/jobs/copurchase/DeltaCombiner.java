package io.rapport.jobs.copurchase;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sums {@link ItemDelta}s per item, so that the changes many customers make to one item travel to
 * {@link ItemNeighboursFunction} as one record: the item's summed counts, its last category given,
 * and the net change of each pair count. Deltas are plain sums, so one summed delta changes the
 * item's state exactly as the deltas it replaces would have, in any order; sums that come to zero
 * are left out, and an item whose sums are all zero sends nothing (not even the category its
 * cancelled changes gave).
 *
 * <p>Ids are numbered as they come (a dictionary of at most {@value #MAX_IDS} ids, emptied at a
 * flush once it is larger), so the pairs of a change ({@link #addPairs}) are summed by number, one
 * dictionary look-up per item rather than a String hash and comparison per pair.
 *
 * <p>Not thread-safe; one per operator instance ({@link CombiningDeltasOperator}).
 */
final class DeltaCombiner {
    /** The dictionary is emptied at the next flush once it holds more ids than this. */
    static final int MAX_IDS = 100_000;

    private final Map<String, Integer> numbers = new HashMap<>();
    private String[] ids = new String[256];
    /** Sums by item number; null for items without changes since the last flush. */
    private Sums[] sums = new Sums[256];
    /** Numbers of the items with sums, in the order they first changed. */
    private int[] changed = new int[64];
    private int changedCount;

    /** Adds {@code delta} to its item's sums. */
    void add(ItemDelta delta) {
        Sums item = sumsOf(number(delta.itemId));
        item.addCounts(delta);
        delta.forEachChange((neighbour, change) -> item.addPair(number(neighbour), change));
    }

    /**
     * Adds the pair deltas of {@link ItemDelta#pairs(List, List, int, List, org.apache.flink.util.Collector)}
     * (every pair {@code changed} forms with {@code others} and within itself changes by {@code
     * delta}, in both directions) and the count deltas {@code countsOfChanged} (null for none),
     * without making the records.
     */
    void addPairs(List<String> others, List<String> changed, int delta, List<ItemDelta> countsOfChanged) {
        if (countsOfChanged != null) {
            countsOfChanged.forEach(this::add);
        }
        int[] o = numbers(others);
        int[] c = numbers(changed);
        for (int i = 0; i < c.length; i++) {
            Sums item = sumsOf(c[i]);
            for (int other : o) {
                item.addPair(other, delta);
            }
            for (int j = 0; j < c.length; j++) {
                if (j != i) {
                    item.addPair(c[j], delta);
                }
            }
        }
        for (int other : o) {
            Sums item = sumsOf(other);
            for (int fresh : c) {
                item.addPair(fresh, delta);
            }
        }
    }

    boolean isEmpty() {
        return changedCount == 0;
    }

    /** Hands on one delta per item whose sums are not all zero, in the order the items first changed, and starts over. */
    void flush(Consumer<ItemDelta> out) {
        for (int k = 0; k < changedCount; k++) {
            int item = changed[k];
            ItemDelta delta = sums[item].delta(ids[item], ids);
            sums[item] = null;
            if (delta != null) {
                out.accept(delta);
            }
        }
        changedCount = 0;
        if (numbers.size() > MAX_IDS) {
            numbers.clear();
            Arrays.fill(ids, null);
        }
    }

    private int[] numbers(List<String> items) {
        int[] n = new int[items.size()];
        for (int i = 0; i < n.length; i++) {
            n[i] = number(items.get(i));
        }
        return n;
    }

    private int number(String id) {
        Integer known = numbers.get(id);
        if (known != null) {
            return known;
        }
        int n = numbers.size();
        numbers.put(id, n);
        if (n == ids.length) {
            ids = Arrays.copyOf(ids, n * 2);
            sums = Arrays.copyOf(sums, n * 2);
        }
        ids[n] = id;
        return n;
    }

    private Sums sumsOf(int item) {
        Sums s = sums[item];
        if (s == null) {
            s = new Sums();
            sums[item] = s;
            if (changedCount == changed.length) {
                changed = Arrays.copyOf(changed, changedCount * 2);
            }
            changed[changedCount++] = item;
        }
        return s;
    }

    /** One item's sums; pair changes by neighbour number in an open-addressing table, in order of first appearance. */
    private static final class Sums {
        private final ItemCounts counts = new ItemCounts();
        private int[] neighbours = new int[8];
        private int[] changes = new int[8];
        private int size;
        /** Entry index + 1 per slot, 0 when free; twice the entries' capacity. */
        private int[] table = new int[16];

        void addCounts(ItemDelta delta) {
            counts.add(delta);
        }

        void addPair(int neighbour, int change) {
            int mask = table.length - 1;
            int i = slot(neighbour, mask);
            for (; table[i] != 0; i = (i + 1) & mask) {
                int e = table[i] - 1;
                if (neighbours[e] == neighbour) {
                    changes[e] += change;
                    return;
                }
            }
            if (size == neighbours.length) {
                grow();
                addPair(neighbour, change);
                return;
            }
            neighbours[size] = neighbour;
            changes[size] = change;
            table[i] = ++size;
        }

        private static int slot(int neighbour, int mask) {
            int h = neighbour * 0x9E3779B9;
            return (h ^ (h >>> 16)) & mask;
        }

        private void grow() {
            neighbours = Arrays.copyOf(neighbours, size * 2);
            changes = Arrays.copyOf(changes, size * 2);
            table = new int[neighbours.length * 2];
            int mask = table.length - 1;
            for (int e = 0; e < size; e++) {
                int i = slot(neighbours[e], mask);
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = e + 1;
            }
        }

        /** The summed delta of {@code itemId}, neighbours named by {@code ids}, or null when nothing changes. */
        ItemDelta delta(String itemId, String[] ids) {
            int nonZero = 0;
            boolean uniform = true;
            int first = 0;
            for (int e = 0; e < size; e++) {
                if (changes[e] != 0) {
                    first = nonZero == 0 ? changes[e] : first;
                    uniform &= changes[e] == first;
                    nonZero++;
                }
            }
            if (nonZero == 0 && counts.isZero()) {
                return null;
            }
            // the sums of one flush interval fit an int, as the deltas they add up do
            ItemDelta d = ItemDelta.counts(itemId, counts.category, (int) counts.buyers, (int) counts.viewers,
                    (int) counts.viewersWhoBought);
            if (nonZero > 0) {
                String[] names = new String[nonZero];
                int[] net = uniform ? null : new int[nonZero];
                for (int e = 0, k = 0; e < size; e++) {
                    if (changes[e] != 0) {
                        names[k] = ids[neighbours[e]];
                        if (net != null) {
                            net[k] = changes[e];
                        }
                        k++;
                    }
                }
                d.neighbourIds = names;
                d.coPurchases = first;
                d.neighbourChanges = net;
            }
            return d;
        }
    }
}
