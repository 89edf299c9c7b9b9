package io.rapport.jobs.ingest;

import io.rapport.event.EventType;
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
 * Flink's serializer of {@link ShopperAction}, which crosses the network from the parse stage to
 * the customer stage of the item jobs, keyed by customer (it is never kept in state). Item ids and
 * categories are written and read by an {@link IdCodec}, so the customer stage receives one String
 * instance per item id: its state, its combiner's dictionary and its encoders then find an item by
 * an identity check on a String already in the cache, where Flink's POJO serializer made new
 * Strings, char by char, for every event.
 *
 * <p>Layout: type ordinal (-1 for null), eventId, customerId, timestamp, item count + 1 (0 for null
 * arrays), item ids, then a flag byte (1 when categories follow) and the categories.
 * Holds caches, so {@link #duplicate} returns a new instance for every thread.
 */
public final class ShopperActionSerializer extends IdSerializer<ShopperAction> {
    private static final long serialVersionUID = 1L;
    private static final EventType[] TYPES = EventType.values();

    @Override
    public TypeSerializer<ShopperAction> duplicate() {
        return new ShopperActionSerializer();
    }

    @Override
    public ShopperAction createInstance() {
        return new ShopperAction();
    }

    @Override
    public ShopperAction copy(ShopperAction from) {
        return new ShopperAction(
                from.eventId,
                from.customerId,
                from.type,
                from.timestamp,
                from.itemIds == null ? null : from.itemIds.clone(),
                from.categories == null ? null : from.categories.clone());
    }

    @Override
    public void serialize(ShopperAction a, DataOutputView out) throws IOException {
        out.writeByte(a.type == null ? -1 : a.type.ordinal());
        IdCodec.writeString(a.eventId, out);
        IdCodec.writeString(a.customerId, out);
        out.writeLong(a.timestamp);
        writeIds(a.itemIds, out);
        out.writeBoolean(a.categories != null);
        if (a.categories != null) {
            writeIds(a.categories, out);
        }
    }

    @Override
    public ShopperAction deserialize(DataInputView in) throws IOException {
        ShopperAction a = new ShopperAction();
        byte type = in.readByte();
        a.type = type < 0 ? null : TYPES[type];
        a.eventId = ids().readString(in);
        a.customerId = ids().readString(in);
        a.timestamp = in.readLong();
        a.itemIds = readIds(in);
        a.categories = in.readBoolean() ? readIds(in) : null;
        return a;
    }

    private void writeIds(String[] values, DataOutputView out) throws IOException {
        if (values == null) {
            IdCodec.writeVarint(0, out);
            return;
        }
        IdCodec.writeVarint(values.length + 1, out);
        for (String id : values) {
            ids().writeId(id, out);
        }
    }

    private String[] readIds(DataInputView in) throws IOException {
        int n = IdCodec.readVarint(in) - 1;
        if (n < 0) {
            return null;
        }
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            values[i] = ids().readId(in);
        }
        return values;
    }

    @Override
    public TypeSerializerSnapshot<ShopperAction> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: any version reads any other. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ShopperAction> {
        public Snapshot() {
            super(ShopperActionSerializer::new);
        }
    }

    /** Makes Flink use {@link ShopperActionSerializer} wherever {@link ShopperAction} appears ({@code @TypeInfo}). */
    public static final class TypeInfoFactory
            extends org.apache.flink.api.common.typeinfo.TypeInfoFactory<ShopperAction> {
        @Override
        public TypeInformation<ShopperAction> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return new Info();
        }
    }

    /** The type information of {@link ShopperAction}: an atomic type with its own serializer. */
    public static final class Info extends SerializerTypeInfo<ShopperAction> {
        private static final long serialVersionUID = 1L;

        public Info() {
            super(ShopperAction.class);
        }

        @Override
        protected TypeSerializer<ShopperAction> newSerializer() {
            return new ShopperActionSerializer();
        }
    }
}
