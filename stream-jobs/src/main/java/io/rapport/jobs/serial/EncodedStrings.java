package io.rapport.jobs.serial;

import java.util.function.Function;

/**
 * The encodings of recently encoded String instances, found by identity in a direct-mapped table by
 * the String's cached hash: for ids encoded again and again (shared instances from a function's
 * state or from an {@link ItemIdCache}), a look-up instead of an encoding. A String that collides
 * with another replaces it, which only costs the other's next use an encoding. Not thread-safe; one
 * per serializer or function instance.
 */
public final class EncodedStrings {
    private final String[] strings;
    private final byte[][] encoded;
    private final Function<String, byte[]> encode;

    /**
     * @param size slots, a power of two
     * @param encode the encoding; the same String must always encode the same
     */
    public EncodedStrings(int size, Function<String, byte[]> encode) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size must be a power of two: " + size);
        }
        this.strings = new String[size];
        this.encoded = new byte[size][];
        this.encode = encode;
    }

    /** The encoding of {@code s}; the returned array must not be changed. */
    public byte[] of(String s) {
        int h = s.hashCode();
        int slot = (h ^ (h >>> 16)) & (strings.length - 1);
        if (strings[slot] == s) {
            return encoded[slot];
        }
        byte[] e = encode.apply(s);
        strings[slot] = s;
        encoded[slot] = e;
        return e;
    }
}
