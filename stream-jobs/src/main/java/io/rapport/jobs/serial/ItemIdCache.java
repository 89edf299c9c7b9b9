package io.rapport.jobs.serial;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns UTF-8 itemIds read off the wire into Strings, returning the same String instance for the
 * same id while it stays cached. {@link IdCodec} reads the ids of the item jobs' records through it
 * (the customer stage's input, {@code ShopperActionSerializer}, and the item stage's, {@code
 * ItemDeltaSerializer}), so a stage that sees the same few thousand item ids in millions of records
 * neither allocates nor hashes a new String per id, and its state holds shared instances, so
 * look-ups there usually end at an identity check.
 *
 * <p>Direct-mapped and bounded ({@code capacity} ids): an id that collides with another replaces
 * it, which only costs the next look-up of the other id a new String. Not thread-safe; one per
 * codec, i.e. per serializer instance (a serializer is duplicated per thread).
 */
public final class ItemIdCache {
    private final String[] strings;
    private final byte[][] utf8;
    private final int mask;

    /** @param capacity a power of two */
    public ItemIdCache(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        strings = new String[capacity];
        utf8 = new byte[capacity][];
        mask = capacity - 1;
    }

    /** The String of the UTF-8 bytes {@code bytes[from, from + length)}. */
    public String get(byte[] bytes, int from, int length) {
        int h = 1;
        for (int i = from; i < from + length; i++) {
            h = 31 * h + bytes[i];
        }
        int slot = (h ^ (h >>> 16)) & mask;
        byte[] cached = utf8[slot];
        if (cached != null && Arrays.equals(cached, 0, cached.length, bytes, from, from + length)) {
            return strings[slot];
        }
        String id = new String(bytes, from, length, StandardCharsets.UTF_8);
        strings[slot] = id;
        utf8[slot] = Arrays.copyOfRange(bytes, from, from + length);
        return id;
    }
}
