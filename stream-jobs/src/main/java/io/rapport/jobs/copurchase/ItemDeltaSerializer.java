package io.rapport.jobs.copurchase;

import io.rapport.jobs.serial.IdCodec;
import io.rapport.jobs.serial.IdSerializer;
import io.rapport.jobs.serial.SerializerTypeInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of {@link ItemDelta}, which crosses the network between the customer and item
 * stages of the co-purchase and co-view jobs (it is never kept in state). Ids are written and read
 * by an {@link IdCodec}, so the item stage sees the same String instance for the same id and its
 * look-ups mostly end at the identity check. Faster than Flink's POJO serializer, which
 * sets fields by reflection and writes strings char by char.
 *
 * <p>Layout: flags (bit 0 category, bit 1 neighbours, bit 2 per-neighbour changes, bit 3 new
 * buyers), itemId, [category], buyers, viewers, viewersWhoBought, coPurchases, [newBuyers], [neighbour count, ids,
 * [changes]]. Holds caches, so {@link #duplicate} returns a new instance for every thread.
 */
public final class ItemDeltaSerializer extends IdSerializer<ItemDelta> {
    private static final long serialVersionUID = 1L;
    private static final int CATEGORY = 1;
    private static final int NEIGHBOURS = 2;
    private static final int CHANGES = 4;
    private static final int NEW_BUYERS = 8;

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
        d.newBuyers = from.newBuyers;
        d.neighbourChanges = from.neighbourChanges == null ? null : from.neighbourChanges.clone();
        return d;
    }

    @Override
    public void serialize(ItemDelta d, DataOutputView out) throws IOException {
        int flags = (d.category != null ? CATEGORY : 0)
                | (d.neighbourIds != null ? NEIGHBOURS : 0)
                | (d.neighbourIds != null && d.neighbourChanges != null ? CHANGES : 0)
                | (d.newBuyers != 0 ? NEW_BUYERS : 0);
        out.writeByte(flags);
        ids().writeId(d.itemId, out);
        if (d.category != null) {
            ids().writeId(d.category, out);
        }
        out.writeInt(d.buyers);
        out.writeInt(d.viewers);
        out.writeInt(d.viewersWhoBought);
        out.writeInt(d.coPurchases);
        if (d.newBuyers != 0) {
            out.writeInt(d.newBuyers);
        }
        if (d.neighbourIds != null) {
            IdCodec.writeVarint(d.neighbourIds.length, out);
            for (String id : d.neighbourIds) {
                ids().writeId(id, out);
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
        d.itemId = ids().readId(in);
        d.category = (flags & CATEGORY) != 0 ? ids().readId(in) : null;
        d.buyers = in.readInt();
        d.viewers = in.readInt();
        d.viewersWhoBought = in.readInt();
        d.coPurchases = in.readInt();
        d.newBuyers = (flags & NEW_BUYERS) != 0 ? in.readInt() : 0;
        if ((flags & NEIGHBOURS) != 0) {
            String[] neighbours = new String[IdCodec.readVarint(in)];
            for (int i = 0; i < neighbours.length; i++) {
                neighbours[i] = ids().readId(in);
            }
            d.neighbourIds = neighbours;
            if ((flags & CHANGES) != 0) {
                int[] changes = new int[neighbours.length];
                for (int i = 0; i < changes.length; i++) {
                    changes[i] = in.readInt();
                }
                d.neighbourChanges = changes;
            }
        }
        return d;
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
    public static final class Info extends SerializerTypeInfo<ItemDelta> {
        private static final long serialVersionUID = 1L;

        public Info() {
            super(ItemDelta.class);
        }

        @Override
        protected TypeSerializer<ItemDelta> newSerializer() {
            return new ItemDeltaSerializer();
        }
    }
}
