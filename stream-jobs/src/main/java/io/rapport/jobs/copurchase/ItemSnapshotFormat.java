package io.rapport.jobs.copurchase;

import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The co-purchase job's {@link ItemSnapshot} record, written straight into bytes: the same bytes as
 * {@code Json.encode(snapshot)} (the record's field order, Jackson's own string escaping, plain
 * integers), without the bean serializer and generator, which showed in the item stage's profile
 * at thousands of snapshots a second. The quoted form of recent neighbour ids is cached, as the same
 * ids recur in every snapshot.
 */
final class ItemSnapshotFormat implements ItemNeighboursFunction.SnapshotFormat {
    private static final long serialVersionUID = 1L;

    private static final byte[] ITEM_ID = ascii("{\"itemId\":");
    private static final byte[] CATEGORY = ascii(",\"category\":");
    private static final byte[] BUYERS = ascii(",\"buyers\":");
    private static final byte[] VIEWERS = ascii(",\"viewers\":");
    private static final byte[] VIEWERS_WHO_BOUGHT = ascii(",\"viewersWhoBought\":");
    private static final byte[] NEIGHBOURS = ascii(",\"neighbours\":[");
    private static final byte[] NEIGHBOUR_ITEM_ID = ascii("{\"itemId\":");
    private static final byte[] CO_PURCHASES = ascii(",\"coPurchases\":");
    private static final byte[] LAST_INCREASED_AT = ascii(",\"lastIncreasedAt\":");
    private static final byte[] UPDATED_AT = ascii("],\"updatedAt\":");
    private static final byte[] AS_OF = ascii(",\"asOf\":");
    private static final byte[] RECENT_BUYERS = ascii(",\"recentBuyers\":");
    private static final byte[] NULL = ascii("null");
    private static final int QUOTED_IDS = 4096;

    /**
     * Direct-mapped by hash: entry i holds some id whose hash maps to i, with its quoted JSON. The
     * entries are immutable, so a racy overwrite is harmless should one format serve two threads.
     */
    private transient Quoted[] quotedIds;

    private record Quoted(String id, byte[] json) {}

    @Override
    public ItemSnapshot snapshot(
            String itemId,
            ItemCounts c,
            List<NeighbourCount> neighbours,
            long recentBuyers,
            long asOf,
            long updatedAt) {
        return new ItemSnapshot(
                itemId, c.category, c.buyers, c.viewers, c.viewersWhoBought, neighbours, updatedAt, asOf, recentBuyers);
    }

    @Override
    public boolean publishesIncreaseTimes() {
        return true;
    }

    @Override
    public byte[] encode(
            String itemId,
            ItemCounts c,
            List<NeighbourCount> neighbours,
            long recentBuyers,
            long asOf,
            long updatedAt) {
        JsonBytes json = new JsonBytes(200 + 80 * neighbours.size());
        json.raw(ITEM_ID).string(itemId);
        json.raw(CATEGORY);
        if (c.category == null) {
            json.raw(NULL);
        } else {
            json.string(c.category);
        }
        json.raw(BUYERS).number(c.buyers);
        json.raw(VIEWERS).number(c.viewers);
        json.raw(VIEWERS_WHO_BOUGHT).number(c.viewersWhoBought);
        json.raw(NEIGHBOURS);
        for (int i = 0; i < neighbours.size(); i++) {
            NeighbourCount n = neighbours.get(i);
            if (i > 0) {
                json.raw((byte) ',');
            }
            json.raw(NEIGHBOUR_ITEM_ID)
                    .raw(quoted(n.itemId()))
                    .raw(CO_PURCHASES)
                    .number(n.coPurchases())
                    .raw(LAST_INCREASED_AT)
                    .number(n.lastIncreasedAt())
                    .raw((byte) '}');
        }
        json.raw(UPDATED_AT)
                .number(updatedAt)
                .raw(AS_OF)
                .number(asOf)
                .raw(RECENT_BUYERS)
                .number(recentBuyers)
                .raw((byte) '}');
        return json.toByteArray();
    }

    private byte[] quoted(String id) {
        Quoted[] cache = quotedIds;
        if (cache == null) {
            cache = new Quoted[QUOTED_IDS];
            quotedIds = cache;
        }
        int slot = id.hashCode() & (QUOTED_IDS - 1);
        Quoted q = cache[slot];
        if (q == null || !q.id.equals(id)) {
            q = new Quoted(id, new JsonBytes(id.length() + 2).string(id).toByteArray());
            cache[slot] = q;
        }
        return q.json;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
