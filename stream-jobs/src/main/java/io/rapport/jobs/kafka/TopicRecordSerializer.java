package io.rapport.jobs.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a {@link TopicRecord} to one topic: key as UTF-8, value bytes as they are, null as tombstone. */
final class TopicRecordSerializer implements KafkaRecordSerializationSchema<TopicRecord> {
    private static final long serialVersionUID = 1L;

    private final String topic;

    TopicRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(TopicRecord record, KafkaSinkContext context, Long timestamp) {
        byte[] key = record.key == null ? null : record.key.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, timestamp, key, record.value);
    }
}
