package io.rapport.jobs.serial;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes and reads the strings of the item jobs' stream records for their Flink serializers: a
 * varint length and UTF-8. Ids (items, categories) go through caches: the encodings of recently
 * written String instances are reused, and ids read back come from an {@link ItemIdCache}, so the
 * next stage sees one String instance per id. Other strings (customer and event ids, which rarely
 * repeat) are written plainly; any string may be null.
 *
 * <p>Holds caches and a buffer: one per serializer instance, and a serializer is duplicated per
 * thread. Not thread-safe.
 */
public final class IdCodec {
    /** Distinct ids held by each cache; a power of two. */
    private static final int CACHED_IDS = 4096;

    private ItemIdCache readIds;
    private EncodedStrings writtenIds;
    private byte[] buffer;

    /** Writes {@code id}, reusing its encoding when the same instance was written recently. */
    public void writeId(String id, DataOutputView out) throws IOException {
        if (id == null) {
            out.writeByte(0);
            return;
        }
        if (writtenIds == null) {
            writtenIds = new EncodedStrings(CACHED_IDS, s -> s.getBytes(StandardCharsets.UTF_8));
        }
        writeBytes(writtenIds.of(id), out);
    }

    /** Reads what {@link #writeId} wrote, as the cached String instance of that id. */
    public String readId(DataInputView in) throws IOException {
        int length = readLength(in);
        if (length < 0) {
            return null;
        }
        if (readIds == null) {
            readIds = new ItemIdCache(CACHED_IDS);
        }
        return readIds.get(buffer, 0, length);
    }

    /** Writes {@code s} without caching. */
    public static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        writeBytes(s.getBytes(StandardCharsets.UTF_8), out);
    }

    /** Reads what {@link #writeString} (or {@link #writeId}) wrote, as a new String. */
    public String readString(DataInputView in) throws IOException {
        int length = readLength(in);
        return length < 0 ? null : new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    /** Length + 1 as a varint (0 for null), then the bytes. */
    private static void writeBytes(byte[] utf8, DataOutputView out) throws IOException {
        writeVarint(utf8.length + 1, out);
        out.write(utf8);
    }

    /** Reads a length and that many bytes into {@link #buffer}; -1 for null. */
    private int readLength(DataInputView in) throws IOException {
        int length = readVarint(in) - 1;
        if (length < 0) {
            return length;
        }
        if (buffer == null || buffer.length < length) {
            buffer = new byte[Math.max(length, 256)];
        }
        in.readFully(buffer, 0, length);
        return length;
    }

    /** An unsigned int in 7-bit groups, low first. */
    public static void writeVarint(int value, DataOutputView out) throws IOException {
        for (; (value & ~0x7f) != 0; value >>>= 7) {
            out.writeByte(value & 0x7f | 0x80);
        }
        out.writeByte(value);
    }

    public static int readVarint(DataInputView in) throws IOException {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.readByte();
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }
}
