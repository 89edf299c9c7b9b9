package io.rapport.jobs.copurchase;

import java.util.Arrays;
import java.util.List;

/**
 * Everything {@link CustomerItemsFunction} keeps of one customer, as one keyed value: per item the
 * customer bought or viewed, whether they bought it and as which of their counted items (the
 * first-bought order), whether they viewed it and the event time of their latest purchase or view
 * of it; the customer's pending expiry timer and erase marker; and the eventIds of their latest
 * purchases and views.
 *
 * <p>One value rather than a map state of marks plus two value states: a purchase reads and writes
 * the customer once, walks their items in flat arrays and finds the basket's items by an
 * open-addressing index of the ids' hashes instead of following a map entry, a key and a mark per
 * owned item (which led the customer stage's profile).
 *
 * <p>A Flink POJO: the public fields are serialized with Flink's native array serializers; the index
 * is transient and rebuilt on first use after the object was deserialized or copied (e.g. by the
 * heap state backend's copy-on-write during a checkpoint). Entries {@code 0..size-1} are in the
 * order the items were first marked; an expiry removes entries and keeps the order of the rest.
 */
public class CustomerMarks {
    /** No erase recorded. */
    public static final long NOT_ERASED = Long.MIN_VALUE;
    /** No expiry timer pending. */
    public static final long NO_TIMER = Long.MAX_VALUE;
    /** Rank of an item the customer has not bought. */
    public static final int NOT_BOUGHT = -1;

    private static final String[] NO_IDS = new String[0];
    private static final int MIN_CAPACITY = 8;

    public String[] itemIds = NO_IDS;
    /**
     * Position among the customer's bought items in the order first bought, or {@link #NOT_BOUGHT}:
     * {@code rank} for an item that takes part in pairs, {@code -2 - rank} for one bought past the
     * pair cap ({@link #rankOf}, {@link #paired}).
     */
    public int[] boughtRanks = new int[0];

    public boolean[] viewed = new boolean[0];
    /** Event time of the customer's latest purchase or view of the item. */
    public long[] lastTs = new long[0];

    public int size;
    /** Event time of the customer's latest erase still remembered, or {@link #NOT_ERASED}. */
    public long erasedAt = NOT_ERASED;
    /** Event time of the pending expiry timer, or {@link #NO_TIMER}. */
    public long expiryAt = NO_TIMER;
    /**
     * 64-bit hashes of the eventIds of the customer's last {@value #RECENT_EVENTS} purchases and
     * views, a ring written at {@link #recentNext}: a reused eventId counts once even when its items
     * differ (identical repeats change nothing anyway). It grows by doubling from one slot, so a
     * customer with few events keeps few; slots at and after {@link #recentNext} are empty (0) until
     * it is full at {@value #RECENT_EVENTS} (no id hashes to 0, {@link #eventHash}).
     */
    public long[] recentEvents = new long[0];
    /** Where the next eventId hash goes in {@link #recentEvents}. */
    public int recentNext;

    /** Entry index + 1 per slot, 0 when free; twice the capacity or more. */
    private transient int[] table;
    /** {@code itemIds[e].hashCode()}, so a probe compares ints before it follows an id. */
    private transient int[] hashes;

    /**
     * How many of a customer's latest eventIds are remembered (8 KiB at most): a re-sent event with
     * other items (a corrected order under its first eventId) still counts once after a long browsing
     * session. Until 2026-12-05 it was 32, and 32 page views in between made such a re-send count.
     */
    public static final int RECENT_EVENTS = 1024;

    public CustomerMarks() {}

    /** Whether one of the last {@value #RECENT_EVENTS} purchases or views had this {@link #eventHash}. */
    public boolean isRecentEvent(long h) {
        if (h == 0) {
            return false; // an empty slot's value, no eventHash
        }
        for (long r : recentEvents) {
            if (r == h) {
                return true;
            }
        }
        return false;
    }

    /** Remembers an eventId by its {@link #eventHash}, forgetting the oldest of {@value #RECENT_EVENTS}. */
    public void rememberEvent(long h) {
        int length = recentEvents.length;
        if (recentNext == 0 && length > 0 && length < RECENT_EVENTS) {
            // a ring kept by a version that grew it one slot at a time: every slot is taken
            recentNext = length;
        }
        if (recentNext == length) {
            if (length < RECENT_EVENTS) {
                recentEvents = Arrays.copyOf(recentEvents, Math.min(RECENT_EVENTS, Math.max(1, 2 * length)));
            } else {
                recentNext = 0;
            }
        }
        recentEvents[recentNext] = h;
        recentNext = (recentNext + 1) % RECENT_EVENTS;
    }

    /** Forgets every remembered eventId. */
    public void forgetEvents() {
        recentEvents = new long[0];
        recentNext = 0;
    }

    /**
     * FNV-1a over the id's UTF-16 units with the SplitMix64 finaliser, never 0 (an empty slot of
     * {@link #recentEvents}): among a customer's last {@value #RECENT_EVENTS} ids a false match has
     * odds of about 2⁻⁵⁴.
     */
    public static long eventHash(String eventId) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < eventId.length(); i++) {
            h = (h ^ eventId.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h == 0 ? 1 : h;
    }

    /** Whether nothing is kept: no items and no erase marker (the value can be cleared). */
    public boolean isEmpty() {
        return size == 0 && erasedAt == NOT_ERASED;
    }

    /** Whether an event at {@code timestamp} predates the customer's remembered erase. */
    public boolean erasedSince(long timestamp) {
        return timestamp <= erasedAt;
    }

    /** The entry of {@code itemId}, or -1. */
    public int find(String itemId) {
        index();
        int slot = table[probe(itemId, itemId.hashCode())];
        return slot - 1;
    }

    /** Adds an entry for {@code itemId}, which must not be held yet, neither bought nor viewed. */
    public int add(String itemId, long timestamp) {
        index();
        if (size == itemIds.length) {
            grow();
        }
        int e = size++;
        int h = itemId.hashCode();
        itemIds[e] = itemId;
        hashes[e] = h;
        boughtRanks[e] = NOT_BOUGHT;
        viewed[e] = false;
        lastTs[e] = timestamp;
        table[probe(itemId, h)] = e + 1;
        return e;
    }

    public boolean bought(int e) {
        return boughtRanks[e] != NOT_BOUGHT;
    }

    /** Whether entry {@code e} is bought and takes part in pairs. */
    public boolean paired(int e) {
        return boughtRanks[e] >= 0;
    }

    /** Whether an item is bought but takes part in no pairs (it was bought past the pair cap). */
    public boolean hasUnpaired() {
        for (int e = 0; e < size; e++) {
            if (boughtRanks[e] < NOT_BOUGHT) {
                return true;
            }
        }
        return false;
    }

    /** Marks entry {@code e} bought as the {@code rank}-th item, taking part in pairs or not. */
    public void markBought(int e, int rank, boolean paired) {
        boughtRanks[e] = paired ? rank : -2 - rank;
    }

    /** The rank of a bought entry's {@link #boughtRanks} value. */
    private static int rankOf(int boughtRank) {
        return boughtRank >= 0 ? boughtRank : -2 - boughtRank;
    }

    /** The number of items viewed. */
    public int viewedCount() {
        int n = 0;
        for (int e = 0; e < size; e++) {
            n += viewed[e] ? 1 : 0;
        }
        return n;
    }

    /** One more than the highest rank, 0 when nothing is bought: the rank of the next item bought. */
    public int nextRank() {
        int next = 0;
        for (int e = 0; e < size; e++) {
            if (bought(e)) {
                next = Math.max(next, rankOf(boughtRanks[e]) + 1);
            }
        }
        return next;
    }

    /** The bought items in first-bought order. */
    public List<String> boughtInOrder() {
        return inOrder(false);
    }

    /** The bought items that take part in pairs, in first-bought order. */
    public List<String> pairedInOrder() {
        return inOrder(true);
    }

    /** Bought (or only paired) items in first-bought order: ranks sorted as packed (rank, entry) longs. */
    private List<String> inOrder(boolean pairedOnly) {
        long[] order = new long[size];
        int n = 0;
        for (int e = 0; e < size; e++) {
            if (pairedOnly ? paired(e) : bought(e)) {
                order[n++] = ((long) rankOf(boughtRanks[e]) << 32) | e;
            }
        }
        Arrays.sort(order, 0, n);
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = itemIds[(int) order[i]];
        }
        return Arrays.asList(ids);
    }

    /** The earliest {@link #lastTs} of any item, or {@link Long#MAX_VALUE} when none is held. */
    public long oldest() {
        long oldest = Long.MAX_VALUE;
        for (int e = 0; e < size; e++) {
            oldest = Math.min(oldest, lastTs[e]);
        }
        return oldest;
    }

    /**
     * Removes every item whose {@link #lastTs} is at or before {@code cutoff} and returns the
     * removed items as a separate value (same fields, in their order); the rest keep their order.
     */
    public CustomerMarks removeUpTo(long cutoff) {
        CustomerMarks removed = new CustomerMarks();
        int kept = 0;
        for (int e = 0; e < size; e++) {
            if (lastTs[e] <= cutoff) {
                removed.copyEntry(this, e);
            } else {
                itemIds[kept] = itemIds[e];
                boughtRanks[kept] = boughtRanks[e];
                viewed[kept] = viewed[e];
                lastTs[kept] = lastTs[e];
                kept++;
            }
        }
        Arrays.fill(itemIds, kept, size, null);
        size = kept;
        table = null;
        return removed;
    }

    /** Removes every item, keeping the erase marker and the timer field as they are. */
    public CustomerMarks removeAll() {
        return removeUpTo(Long.MAX_VALUE);
    }

    private void copyEntry(CustomerMarks from, int e) {
        if (size == itemIds.length) {
            int capacity = Math.max(MIN_CAPACITY, size * 2);
            itemIds = Arrays.copyOf(itemIds, capacity);
            boughtRanks = Arrays.copyOf(boughtRanks, capacity);
            viewed = Arrays.copyOf(viewed, capacity);
            lastTs = Arrays.copyOf(lastTs, capacity);
        }
        itemIds[size] = from.itemIds[e];
        boughtRanks[size] = from.boughtRanks[e];
        viewed[size] = from.viewed[e];
        lastTs[size] = from.lastTs[e];
        size++;
    }

    private void grow() {
        int capacity = Math.max(MIN_CAPACITY, itemIds.length * 2);
        itemIds = Arrays.copyOf(itemIds, capacity);
        boughtRanks = Arrays.copyOf(boughtRanks, capacity);
        viewed = Arrays.copyOf(viewed, capacity);
        lastTs = Arrays.copyOf(lastTs, capacity);
        hashes = Arrays.copyOf(hashes, capacity);
        rebuildTable();
    }

    /** Builds the transient index when it is missing (new, deserialized or copied value). */
    private void index() {
        if (table != null) {
            return;
        }
        hashes = new int[itemIds.length];
        for (int e = 0; e < size; e++) {
            hashes[e] = itemIds[e].hashCode();
        }
        rebuildTable();
    }

    private void rebuildTable() {
        table = new int[Math.max(16, Integer.highestOneBit(Math.max(itemIds.length, 1)) * 4)];
        for (int e = 0; e < size; e++) {
            table[probe(itemIds[e], hashes[e])] = e + 1;
        }
    }

    /** The slot that holds {@code itemId}, or the free slot where it would go. */
    private int probe(String itemId, int h) {
        int mask = table.length - 1;
        int slot = (h ^ (h >>> 16)) & mask;
        for (int at; (at = table[slot]) != 0; slot = (slot + 1) & mask) {
            int e = at - 1;
            if (hashes[e] == h && itemIds[e].equals(itemId)) {
                break;
            }
        }
        return slot;
    }
}
