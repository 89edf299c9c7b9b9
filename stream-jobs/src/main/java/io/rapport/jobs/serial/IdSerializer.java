package io.rapport.jobs.serial;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The common part of the item jobs' own stream-record serializers: mutable records of variable
 * length, no reuse of instances, no configuration (any two instances of a subclass are equal), and
 * an {@link IdCodec} per instance for the ids, created on first use since serializers travel to
 * the tasks as Java-serialized objects. A subclass writes and reads its fields, copies, and returns
 * a new instance from {@link #duplicate}, as the codec's caches must not be shared between threads.
 *
 * @param <T> the record type
 */
public abstract class IdSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    private transient IdCodec ids;

    /** The instance's codec. */
    protected final IdCodec ids() {
        if (ids == null) {
            ids = new IdCodec();
        }
        return ids;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
