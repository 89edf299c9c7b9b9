package io.rapport.jobs.copurchase;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of {@link ItemDelta}, which crosses the network between the customer and item
 * stages of the co-purchase and co-view jobs (it is never kept in state). Ids are written as a
 * varint length and UTF-8, with the encodings of recently written String instances reused, and read
 * back through an {@link ItemIdCache}, so the item stage sees the same String instance for the same
 * id and its look-ups mostly end at the identity check. Faster than Flink's POJO serializer, which
 * sets fields by reflection and writes strings char by char.
 *
 * <p>Layout: flags (bit 0 category, bit 1 neighbours, bit 2 per-neighbour changes), itemId,
 * [category], buyers, viewers, viewersWhoBought, coPurchases, [neighbour count, ids,
 * [changes]]. Holds caches, so {@link #duplicate} returns a new instance for every thread.
 */
public final class ItemDeltaSerializer extends TypeSerializer<ItemDelta> {
    private static final long serialVersionUID = 1L;
    private static final int CATEGORY = 1;
    private static final int NEIGHBOURS = 2;
    private static final int CHANGES = 4;
    /** Distinct ids held by each cache; a power of two. */
    private static final int CACHED_IDS = 4096;

    private transient ItemIdCache readIds;
    private transient String[] writtenIds;
    private transient byte[][] writtenUtf8;
    private transient byte[] buffer;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<ItemDelta> duplicate() {
        return new ItemDeltaSerializer();
    }

    @Override
    public ItemDelta createInstance() {
        return new ItemDelta();
    }

    @Override
    public ItemDelta copy(ItemDelta from) {
        ItemDelta d = ItemDelta.counts(from.itemId, from.category, from.buyers, from.viewers, from.viewersWhoBought);
        d.neighbourIds = from.neighbourIds == null ? null : from.neighbourIds.clone();
        d.coPurchases = from.coPurchases;
        d.neighbourChanges = from.neighbourChanges == null ? null : from.neighbourChanges.clone();
        return d;
    }

    @Override
    public ItemDelta copy(ItemDelta from, ItemDelta reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ItemDelta d, DataOutputView out) throws IOException {
        int flags = (d.category != null ? CATEGORY : 0) | (d.neighbourIds != null ? NEIGHBOURS : 0)
                | (d.neighbourIds != null && d.neighbourChanges != null ? CHANGES : 0);
        out.writeByte(flags);
        writeId(d.itemId, out);
        if (d.category != null) {
            writeId(d.category, out);
        }
        out.writeInt(d.buyers);
        out.writeInt(d.viewers);
        out.writeInt(d.viewersWhoBought);
        out.writeInt(d.coPurchases);
        if (d.neighbourIds != null) {
            writeVarint(d.neighbourIds.length, out);
            for (String id : d.neighbourIds) {
                writeId(id, out);
            }
            if (d.neighbourChanges != null) {
                for (int i = 0; i < d.neighbourIds.length; i++) {
                    out.writeInt(d.neighbourChanges[i]);
                }
            }
        }
    }

    @Override
    public ItemDelta deserialize(DataInputView in) throws IOException {
        int flags = in.readUnsignedByte();
        ItemDelta d = new ItemDelta();
        d.itemId = readId(in);
        d.category = (flags & CATEGORY) != 0 ? readId(in) : null;
        d.buyers = in.readInt();
        d.viewers = in.readInt();
        d.viewersWhoBought = in.readInt();
        d.coPurchases = in.readInt();
        if ((flags & NEIGHBOURS) != 0) {
            String[] ids = new String[readVarint(in)];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = readId(in);
            }
            d.neighbourIds = ids;
            if ((flags & CHANGES) != 0) {
                int[] changes = new int[ids.length];
                for (int i = 0; i < changes.length; i++) {
                    changes[i] = in.readInt();
                }
                d.neighbourChanges = changes;
            }
        }
        return d;
    }

    @Override
    public ItemDelta deserialize(ItemDelta reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private void writeId(String id, DataOutputView out) throws IOException {
        if (writtenIds == null) {
            writtenIds = new String[CACHED_IDS];
            writtenUtf8 = new byte[CACHED_IDS][];
        }
        int slot = (id.hashCode() ^ (id.hashCode() >>> 16)) & (CACHED_IDS - 1);
        byte[] utf8 = writtenIds[slot] == id ? writtenUtf8[slot] : null;
        if (utf8 == null) {
            utf8 = id.getBytes(StandardCharsets.UTF_8);
            writtenIds[slot] = id;
            writtenUtf8[slot] = utf8;
        }
        writeVarint(utf8.length, out);
        out.write(utf8);
    }

    private String readId(DataInputView in) throws IOException {
        int length = readVarint(in);
        if (buffer == null || buffer.length < length) {
            buffer = new byte[Math.max(length, 256)];
        }
        in.readFully(buffer, 0, length);
        if (readIds == null) {
            readIds = new ItemIdCache(CACHED_IDS);
        }
        return readIds.get(buffer, 0, length);
    }

    private static void writeVarint(int value, DataOutputView out) throws IOException {
        for (; (value & ~0x7f) != 0; value >>>= 7) {
            out.writeByte(value & 0x7f | 0x80);
        }
        out.writeByte(value);
    }

    private static int readVarint(DataInputView in) throws IOException {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.readByte();
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemDeltaSerializer;
    }

    @Override
    public int hashCode() {
        return ItemDeltaSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<ItemDelta> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: any version reads any other. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ItemDelta> {
        public Snapshot() {
            super(ItemDeltaSerializer::new);
        }
    }

    /** Makes Flink use {@link ItemDeltaSerializer} wherever {@link ItemDelta} appears ({@code @TypeInfo}). */
    public static final class TypeInfoFactory extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<ItemDelta> {
        @Override
        public TypeInformation<ItemDelta> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return new Info();
        }
    }

    /** The type information of {@link ItemDelta}: an atomic type with its own serializer. */
    public static final class Info extends TypeInformation<ItemDelta> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<ItemDelta> getTypeClass() {
            return ItemDelta.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<ItemDelta> createSerializer(SerializerConfig config) {
            return new ItemDeltaSerializer();
        }

        @Override
        public String toString() {
            return "ItemDelta";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Info;
        }

        @Override
        public int hashCode() {
            return Info.class.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Info;
        }
    }
}
