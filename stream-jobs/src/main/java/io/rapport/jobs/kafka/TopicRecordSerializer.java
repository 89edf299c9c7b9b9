package io.rapport.jobs.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a {@link TopicRecord} to one topic: key as UTF-8, value bytes as they are, null as tombstone.
 *
 * <p>The Kafka record carries no timestamp, so the producer stamps it with the time of writing. The
 * element's event time must not be used: an event may lie up to a day in the future, and an
 * event-time timer (retention, journey stage, end of input) fires at a future instant, while the
 * broker refuses records more than {@code log.message.timestamp.after.max.ms} (one hour by default)
 * ahead of its clock, which would fail the job.
 */
final class TopicRecordSerializer implements KafkaRecordSerializationSchema<TopicRecord> {
    private static final long serialVersionUID = 1L;

    private final String topic;

    TopicRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(TopicRecord record, KafkaSinkContext context, Long timestamp) {
        byte[] key = record.key == null ? null : record.key.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, null, key, record.value);
    }
}
