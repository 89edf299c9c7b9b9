package io.rapport.jobs.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record for a Kafka topic, as the stream jobs hand it to a sink: a UTF-8 string key and the
 * value's bytes. A null {@link #value} is a tombstone, which deletes the key on a compacted topic; a
 * null {@link #key} lets the producer pick the partition.
 *
 * <p>A Flink POJO (public fields, public no-argument constructor) so that it travels between
 * operators without Kryo.
 */
public class TopicRecord {
    public String key;
    public byte[] value;

    public TopicRecord() {}

    public TopicRecord(String key, byte[] value) {
        this.key = key;
        this.value = value;
    }

    /** A tombstone for {@code key}. */
    public static TopicRecord tombstone(String key) {
        return new TopicRecord(key, null);
    }

    public boolean isTombstone() {
        return value == null;
    }

    /** The value as UTF-8 text, or null for a tombstone. */
    public String valueAsString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicRecord r && Objects.equals(key, r.key) && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(key) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return key + " -> " + (value == null ? "<tombstone>" : valueAsString());
    }
}
