package io.rapport.jobs.kafka;

import io.rapport.event.InvalidEventException;
import io.rapport.event.Utf8;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a Kafka record's value as UTF-8 text for the jobs and never fails. A record without a value
 * (null: a tombstone or a producer's mistake) and one whose bytes are not valid UTF-8 become a
 * <em>refused</em> value: it starts with a NUL character, which no JSON text can, so every parser
 * refuses it as it refuses any invalid event, and the dead-letter step reads the reason back with
 * {@link #refusal}, with the record's key (a refused value's own customerId is often unreadable, and
 * the key is where its producer can be found). Flink's {@code SimpleStringSchema} threw on a null value, so every job failed and
 * restarted on that record for ever, and it read invalid bytes as U+FFFD, counting an event the API
 * refuses.
 */
public final class EventValueSchema implements KafkaRecordDeserializationSchema<String> {
    private static final long serialVersionUID = 1L;
    private static final String MARK = "\u0000refused\u0000";

    /**
     * Why a value was refused, the record's key (null when it had none) and the value as far as it
     * can be read.
     */
    public record Refusal(InvalidEventException reason, String key, String raw) {}

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<String> out) {
        out.collect(read(record.key(), record.value()));
    }

    /** The text of a record's value, or a refused value saying why it has none. */
    public static String read(byte[] key, byte[] value) {
        if (value == null) {
            return refused("is null: the record has no value", key, "");
        }
        String text = new String(value, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) { // a replaced byte, or a U+FFFD the producer really sent
            int bad = Utf8.firstMalformedByte(value);
            if (bad >= 0) {
                return refused("is not valid UTF-8 (byte " + bad + ")", key, text);
            }
        }
        return text;
    }

    /** The refusal a value carries, or null for an ordinary value. */
    public static Refusal refusal(String value) {
        if (!value.startsWith(MARK)) {
            return null;
        }
        int reasonEnd = value.indexOf('\u0000', MARK.length());
        int keyEnd = value.indexOf('\u0000', reasonEnd + 1);
        String key = value.substring(reasonEnd + 1, keyEnd);
        return new Refusal(
                new InvalidEventException("event", value.substring(MARK.length(), reasonEnd)),
                key.isEmpty() ? null : key,
                value.substring(keyEnd + 1));
    }

    private static String refused(String reason, byte[] key, String raw) {
        // a NUL in the key would end it early: read as U+0000-free text, the key is for people
        String k = key == null ? "" : new String(key, StandardCharsets.UTF_8).replace('\u0000', ' ');
        return MARK + reason + '\u0000' + k + '\u0000' + raw;
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }
}
