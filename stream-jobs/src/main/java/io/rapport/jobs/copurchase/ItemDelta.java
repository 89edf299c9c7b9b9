package io.rapport.jobs.copurchase;

import io.rapport.copurchase.PairCounting;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.util.Collector;

/**
 * A change to one item's counts, sent from {@link CustomerItemsFunction} to
 * {@link ItemNeighboursFunction} keyed by {@link #itemId}. Deltas are plain sums, so the order in
 * which they arrive does not change the result. A delta carries count changes ({@link #buyers},
 * {@link #viewers}, {@link #viewersWhoBought}, and the {@link #category} when known), pair changes
 * (the number of customers who bought both {@link #itemId} and each of {@link #neighbours()}
 * changes by {@link #coPurchases}; {@link #isPair()}), or, for an item a purchase adds, both.
 * Every pair change is sent once in each direction.
 *
 * <p>A pair delta carries all the neighbours of one item that one purchase, erase or expiry
 * changes, rather than one record per pair: a purchase of m new items by a customer who owns n
 * sends at most m + n pair records instead of 2·(m·n + m·(m−1)/2), and the records crossing the
 * network between the two stages were the co-purchase job's main cost. For the same reason an item
 * that a purchase adds gets its count changes in its pair record rather than in a record of its own.
 *
 * <p>The co-view job ({@code io.rapport.jobs.coview}) sends the same deltas with sessions for
 * customers: {@link #viewers} counts the view sessions of the item and {@link #coPurchases} the
 * sessions in which both items were viewed.
 *
 * <p>A Flink POJO, so it is serialized without Kryo.
 */
public class ItemDelta {
    public String itemId;
    /** The item's category when the event gave one, else null; only with count changes. */
    public String category;
    public int buyers;
    public int viewers;
    public int viewersWhoBought;
    /**
     * The items whose pair count with {@link #itemId} changes, each once, packed into one array
     * (per item: its UTF-8 length as a varint, then the bytes; read with {@link #neighbours()}); null
     * when only counts change. One byte array crosses the network faster than a {@code String[]}, which
     * Flink writes and reads char by char with a thread-local look-up per string.
     */
    public byte[] packedNeighbours;
    public int coPurchases;

    public ItemDelta() {}

    public static ItemDelta counts(String itemId, String category, int buyers, int viewers, int viewersWhoBought) {
        ItemDelta d = new ItemDelta();
        d.itemId = itemId;
        d.category = category;
        d.buyers = buyers;
        d.viewers = viewers;
        d.viewersWhoBought = viewersWhoBought;
        return d;
    }

    public static ItemDelta pair(String itemId, String neighbour, int coPurchases) {
        return pairs(itemId, new String[] {neighbour}, coPurchases);
    }

    /** The pair count of {@code itemId} with each of {@code neighbours} (distinct) changes by {@code coPurchases}. */
    public static ItemDelta pairs(String itemId, String[] neighbours, int coPurchases) {
        return pairs(itemId, pack(Arrays.asList(neighbours)), coPurchases);
    }

    private static ItemDelta pairs(String itemId, byte[] packedNeighbours, int coPurchases) {
        ItemDelta d = new ItemDelta();
        d.itemId = itemId;
        d.packedNeighbours = packedNeighbours;
        d.coPurchases = coPurchases;
        return d;
    }

    /** {@code ids} packed as {@link #packedNeighbours}. */
    private static byte[] pack(List<String> ids) {
        byte[][] packed = new byte[ids.size()][];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = pack(ids.get(i));
        }
        return concat(packed, -1);
    }

    /** One id as it appears in {@link #packedNeighbours}: its UTF-8 length as a varint, then the bytes. */
    private static byte[] pack(String id) {
        byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        int prefix = 1;
        for (int v = utf8.length; v >= 0x80; v >>>= 7) {
            prefix++;
        }
        byte[] packed = new byte[prefix + utf8.length];
        int at = 0;
        int v = utf8.length;
        for (; v >= 0x80; v >>>= 7) {
            packed[at++] = (byte) (v & 0x7f | 0x80);
        }
        packed[at++] = (byte) v;
        System.arraycopy(utf8, 0, packed, at, utf8.length);
        return packed;
    }

    /** The packed ids one after the other, leaving out the one at {@code skip} (-1: none). */
    private static byte[] concat(byte[][] packed, int skip) {
        int length = 0;
        for (int i = 0; i < packed.length; i++) {
            length += i == skip ? 0 : packed[i].length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (int i = 0; i < packed.length; i++) {
            if (i != skip) {
                System.arraycopy(packed[i], 0, all, at, packed[i].length);
                at += packed[i].length;
            }
        }
        return all;
    }

    /** Visits the items whose pair count changes, in the order they were given; none on count deltas. */
    public void forEachNeighbour(Consumer<String> neighbour) {
        forEachNeighbour(null, neighbour);
    }

    /** {@link #forEachNeighbour(Consumer)}, with the Strings taken from {@code ids} (null: new ones). */
    void forEachNeighbour(ItemIdCache ids, Consumer<String> neighbour) {
        if (packedNeighbours == null) {
            return;
        }
        for (int at = 0; at < packedNeighbours.length; ) {
            int length = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = packedNeighbours[at++];
                length |= (b & 0x7f) << shift;
                if (b >= 0) {
                    break;
                }
            }
            neighbour.accept(ids == null
                    ? new String(packedNeighbours, at, length, StandardCharsets.UTF_8)
                    : ids.get(packedNeighbours, at, length));
            at += length;
        }
    }

    /** The items whose pair count changes, in the order they were given; null on count deltas. */
    public String[] neighbours() {
        if (packedNeighbours == null) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        forEachNeighbour(ids::add);
        return ids.toArray(String[]::new);
    }

    /**
     * Emits the pair deltas of {@link PairCounting#forEachPair}: {@code delta} for every pair that
     * {@code changed} forms with {@code others} and within itself, once in each direction, as one
     * record per item involved: each changed item with all of {@code others} and the rest of
     * {@code changed}, each of {@code others} with all of {@code changed}. Every id is encoded once,
     * and the records of {@code others} share one packed array.
     *
     * @param others items that stay, distinct
     * @param changed items added or removed, distinct and not in {@code others}
     */
    public static void pairs(List<String> others, List<String> changed, int delta, Collector<ItemDelta> out) {
        pairs(others, changed, delta, null, out);
    }

    /**
     * {@link #pairs(List, List, int, Collector)}, with the count changes of each changed item: the
     * pair record of {@code changed.get(i)} is {@code countsOfChanged.get(i)} with the pairs added, so
     * the counts travel in it; count deltas of items that form no pair are emitted as they are.
     *
     * @param countsOfChanged count deltas aligned with {@code changed}, or null for none
     */
    public static void pairs(List<String> others, List<String> changed, int delta,
            List<ItemDelta> countsOfChanged, Collector<ItemDelta> out) {
        if (changed.isEmpty() || (others.isEmpty() && changed.size() == 1)) {
            if (countsOfChanged != null) {
                countsOfChanged.forEach(out::collect);
            }
            return;
        }
        byte[][] packedChanged = new byte[changed.size()][];
        for (int i = 0; i < packedChanged.length; i++) {
            packedChanged[i] = pack(changed.get(i));
        }
        byte[] packedOthers = pack(others);
        for (int i = 0; i < packedChanged.length; i++) {
            byte[] rest = concat(packedChanged, i);
            byte[] neighbours = Arrays.copyOf(packedOthers, packedOthers.length + rest.length);
            System.arraycopy(rest, 0, neighbours, packedOthers.length, rest.length);
            ItemDelta d = countsOfChanged == null ? new ItemDelta() : countsOfChanged.get(i);
            d.itemId = changed.get(i);
            d.packedNeighbours = neighbours;
            d.coPurchases = delta;
            out.collect(d);
        }
        byte[] allChanged = concat(packedChanged, -1);
        for (String other : others) {
            out.collect(pairs(other, allChanged, delta));
        }
    }

    /** Whether pair counts change. */
    public boolean isPair() {
        return packedNeighbours != null;
    }

    /** Whether the item's own counts (or its category) change: always for a delta without pairs. */
    public boolean hasCounts() {
        return !isPair() || buyers != 0 || viewers != 0 || viewersWhoBought != 0 || category != null;
    }

    @Override
    public String toString() {
        String counts = itemId + " buyers " + buyers + " viewers " + viewers + " viewersWhoBought " + viewersWhoBought;
        String pairs = itemId + "~" + (isPair() ? String.join(",", neighbours()) : "") + " " + coPurchases;
        return !isPair() ? counts : hasCounts() ? counts + ", " + pairs : pairs;
    }
}
