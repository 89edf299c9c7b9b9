package io.rapport.jobs.copurchase;

import java.util.Arrays;
import java.util.List;
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

    /** The dictionary: id → number, by open addressing over the ids' (cached) hashes. */
    private final Numbers numbers = new Numbers();
    /** Id by number. */
    private String[] ids = new String[256];
    /**
     * Sums by item number, kept from flush to flush (emptied, their tables sized to their last use)
     * so that a hot item's table is not grown again from its smallest size every interval; null for
     * items never changed since the dictionary was last emptied.
     */
    private Sums[] sums = new Sums[256];
    /** Whether the item has sums since the last flush. */
    private boolean[] active = new boolean[256];
    /** Numbers of the items with sums, in the order they first changed. */
    private int[] changed = new int[64];

    private int changedCount;
    /** The event time of the input being processed, {@link #UNSTAMPED} for none (a timer's change). */
    private long stamp = UNSTAMPED;

    /** No event time; its day ({@link RecentBuyers#day}) is {@link RecentBuyers#UNDATED}. */
    static final long UNSTAMPED = RecentBuyers.UNDATED;

    /**
     * Sets the event time of the deltas added next (the input record's, {@link #UNSTAMPED} for a
     * processing-time timer's changes): new buyers are summed per UTC day of it.
     */
    void stamp(long eventTime) {
        this.stamp = eventTime;
    }

    /** Adds {@code delta} to its item's sums. */
    void add(ItemDelta delta) {
        Sums item = sumsOf(number(delta.itemId));
        item.addCounts(delta, stamp);
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

    /** Where flushed deltas go, each with the event time to stamp it with. */
    interface Flushed {
        /** @param stamp the delta's event time, {@link #UNSTAMPED} for none */
        void accept(ItemDelta delta, long stamp);
    }

    /**
     * Hands on one delta per item whose sums are not all zero, in the order the items first changed,
     * and starts over. New buyers travel in it when they all fall on the UTC day of {@code newest}
     * (the newest event time of the interval, its stamp); those of other days in one delta per day
     * of their own, stamped with that day's newest event time, so that the item stage counts each
     * new buyer as recent by the day of their purchase.
     */
    void flush(long newest, Flushed out) {
        long newestDay = RecentBuyers.day(newest);
        for (int k = 0; k < changedCount; k++) {
            int item = changed[k];
            Sums sum = sums[item];
            ItemDelta delta = sum.delta(ids[item], ids);
            for (int d = 0; d < sum.newBuyerDays; d++) {
                if (sum.newBuyers[d] == 0) {
                    continue;
                }
                if (delta != null && sum.days[d] == newestDay && delta.newBuyers == 0) {
                    delta.newBuyers = sum.newBuyers[d];
                } else {
                    ItemDelta dated = ItemDelta.counts(ids[item], null, 0, 0, 0);
                    dated.newBuyers = sum.newBuyers[d];
                    out.accept(dated, sum.newestOfDay[d]);
                }
            }
            sum.clear();
            active[item] = false;
            if (delta != null) {
                out.accept(delta, newest);
            }
        }
        changedCount = 0;
        if (numbers.size() > MAX_IDS) {
            numbers.clear();
            Arrays.fill(ids, null);
            Arrays.fill(sums, null);
        }
    }

    /** Hands on the sums of unstamped inputs as {@link #flush(long, Flushed)} does (for tests). */
    void flush(Consumer<ItemDelta> out) {
        flush(UNSTAMPED, (delta, stamp) -> out.accept(delta));
    }

    private int[] numbers(List<String> items) {
        int[] n = new int[items.size()];
        for (int i = 0; i < n.length; i++) {
            n[i] = number(items.get(i));
        }
        return n;
    }

    private int number(String id) {
        int known = numbers.get(id);
        if (known >= 0) {
            return known;
        }
        int n = numbers.add(id);
        if (n == ids.length) {
            ids = Arrays.copyOf(ids, n * 2);
            sums = Arrays.copyOf(sums, n * 2);
            active = Arrays.copyOf(active, n * 2);
        }
        ids[n] = id;
        return n;
    }

    private Sums sumsOf(int item) {
        Sums s = sums[item];
        if (s == null) {
            s = new Sums();
            sums[item] = s;
        }
        if (!active[item]) {
            active[item] = true;
            if (changedCount == changed.length) {
                changed = Arrays.copyOf(changed, changedCount * 2);
            }
            changed[changedCount++] = item;
        }
        return s;
    }

    /**
     * String → number in open addressing: the hash (cached in the String) and the number share one
     * long per slot and the id is compared by identity first, as the customer stage passes the same
     * String instances from its state again and again; a {@code HashMap<String, Integer>} followed a
     * node and a boxed value per look-up, and the combiner looks up every item of every purchase.
     */
    private static final class Numbers {
        private long[] hashAndNumber = new long[1024];
        private String[] keys = new String[1024];
        private int size;

        /** The number of {@code id}, or -1. */
        int get(String id) {
            int h = id.hashCode();
            int mask = keys.length - 1;
            for (int i = slot(h, mask); keys[i] != null; i = (i + 1) & mask) {
                long e = hashAndNumber[i];
                if ((int) (e >>> 32) == h && (keys[i] == id || keys[i].equals(id))) {
                    return (int) e;
                }
            }
            return -1;
        }

        /** Numbers {@code id}, which must not be held, with the next number. */
        int add(String id) {
            if ((size + 1) * 2 > keys.length) {
                grow();
            }
            int n = size++;
            put(id, n);
            return n;
        }

        int size() {
            return size;
        }

        void clear() {
            Arrays.fill(keys, null);
            size = 0;
        }

        private void put(String id, int n) {
            int h = id.hashCode();
            int mask = keys.length - 1;
            int i = slot(h, mask);
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = id;
            hashAndNumber[i] = ((long) h << 32) | (n & 0xFFFF_FFFFL);
        }

        private static int slot(int h, int mask) {
            return (h ^ (h >>> 16)) & mask;
        }

        private void grow() {
            String[] oldKeys = keys;
            long[] old = hashAndNumber;
            keys = new String[oldKeys.length * 2];
            hashAndNumber = new long[old.length * 2];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != null) {
                    put(oldKeys[i], (int) old[i]);
                }
            }
        }
    }

    /**
     * One item's sums. Pair changes are kept in one open-addressing table of longs, neighbour number
     * + 1 in the high half and the summed change in the low half, so that adding to a pair is one
     * probe of one array (the combiner adds every pair of every purchase, and separate index, key and
     * value arrays cost three cache misses per pair).
     */
    private static final class Sums {
        private static final long KEY = 0xFFFF_FFFF_0000_0000L;
        private static final long CHANGE = 0x0000_0000_FFFF_FFFFL;

        private static final int MIN_TABLE = 16;

        private final ItemCounts counts = new ItemCounts();
        /**
         * New buyers by UTC day of their events ({@link #UNSTAMPED} for none): day, net change and
         * newest event time of the first {@link #newBuyerDays}; null until the item has a new buyer.
         */
        private long[] days;

        private int[] newBuyers;
        private long[] newestOfDay;
        private int newBuyerDays;
        private long[] table = new long[MIN_TABLE];
        private int size;

        /**
         * Empties the sums for the next interval. The table keeps its size while the interval filled
         * at least an eighth of it, so a busy item does not grow it again, and shrinks to fit when the
         * item went quiet, so idle items hold little.
         */
        void clear() {
            counts.buyers = 0;
            counts.viewers = 0;
            counts.viewersWhoBought = 0;
            counts.category = null;
            newBuyerDays = 0;
            if (size * 8 < table.length && table.length > MIN_TABLE) {
                table = new long[Math.max(MIN_TABLE, Integer.highestOneBit(Math.max(size, 1)) * 4)];
            } else {
                Arrays.fill(table, 0);
            }
            size = 0;
        }

        void addCounts(ItemDelta delta, long stamp) {
            counts.add(delta);
            if (delta.newBuyers == 0) {
                return;
            }
            long day = RecentBuyers.day(stamp);
            int d = 0;
            while (d < newBuyerDays && days[d] != day) {
                d++;
            }
            if (d == newBuyerDays) {
                if (days == null || d == days.length) {
                    int capacity = days == null ? 2 : d * 2;
                    days = days == null ? new long[capacity] : Arrays.copyOf(days, capacity);
                    newBuyers = newBuyers == null ? new int[capacity] : Arrays.copyOf(newBuyers, capacity);
                    newestOfDay = newestOfDay == null ? new long[capacity] : Arrays.copyOf(newestOfDay, capacity);
                }
                days[d] = day;
                newBuyers[d] = 0;
                newestOfDay[d] = stamp;
                newBuyerDays++;
            }
            newBuyers[d] += delta.newBuyers;
            newestOfDay[d] = Math.max(newestOfDay[d], stamp);
        }

        void addPair(int neighbour, int change) {
            long key = (long) (neighbour + 1) << 32;
            int mask = table.length - 1;
            int i = slot(neighbour, mask);
            for (long e; (e = table[i]) != 0; i = (i + 1) & mask) {
                if ((e & KEY) == key) {
                    table[i] = key | ((int) e + change) & CHANGE;
                    return;
                }
            }
            table[i] = key | change & CHANGE;
            if (++size * 2 > table.length) {
                grow();
            }
        }

        private static int slot(int neighbour, int mask) {
            int h = neighbour * 0x9E3779B9;
            return (h ^ (h >>> 16)) & mask;
        }

        private void grow() {
            long[] old = table;
            table = new long[old.length * 2];
            int mask = table.length - 1;
            for (long e : old) {
                if (e != 0) {
                    int i = slot((int) (e >>> 32) - 1, mask);
                    while (table[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    table[i] = e;
                }
            }
        }

        /**
         * The summed delta of {@code itemId}, neighbours named by {@code ids}, without its new buyers;
         * null when no count and no pair changes.
         */
        ItemDelta delta(String itemId, String[] ids) {
            int nonZero = 0;
            boolean uniform = true;
            int first = 0;
            for (long e : table) {
                int change = (int) e;
                if (change != 0) {
                    first = nonZero == 0 ? change : first;
                    uniform &= change == first;
                    nonZero++;
                }
            }
            if (nonZero == 0 && counts.isZero()) {
                return null; // new buyers, if any, travel dated on their own (flush)
            }
            // the sums of one flush interval fit an int, as the deltas they add up do
            ItemDelta d = ItemDelta.counts(
                    itemId, counts.category, (int) counts.buyers, (int) counts.viewers, (int) counts.viewersWhoBought);
            if (nonZero > 0) {
                String[] names = new String[nonZero];
                int[] net = uniform ? null : new int[nonZero];
                int k = 0;
                for (long e : table) {
                    int change = (int) e;
                    if (change != 0) {
                        names[k] = ids[(int) (e >>> 32) - 1];
                        if (net != null) {
                            net[k] = change;
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
