package io.rapport.jobs.serial;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type information of a record type with its own serializer: an atomic, non-key type. A
 * subclass per type names the class and the serializer, and a {@code TypeInfoFactory} returning it
 * goes on the type ({@code @TypeInfo}), so Flink uses the serializer wherever the type appears.
 *
 * @param <T> the record type
 */
public abstract class SerializerTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;

    protected SerializerTypeInfo(Class<T> type) {
        this.type = type;
    }

    /** A new serializer of the type. */
    protected abstract TypeSerializer<T> newSerializer();

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return newSerializer();
    }

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
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public String toString() {
        return type.getSimpleName();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o != null && o.getClass() == getClass();
    }
}
