package io.rapport.jobs.kafka;

import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The real Kafka connectors of the stream jobs, configured the same way for every job: sources read
 * values as UTF-8 strings from the group's committed offsets (the earliest offset for a new group),
 * sinks write {@link TopicRecord}s at least once with a short linger, so that a snapshot reaches
 * the API within milliseconds rather than waiting for a full batch.
 */
public final class KafkaConnectors {
    /** Producer linger: small, as freshness matters more than batch size for these topics. */
    static final String LINGER_MS = "5";
    /**
     * Producer batch size: an item snapshot is several KB, so Kafka's default 16 KB batch sent a
     * produce request per few snapshots; a batch is still sent after the linger however small it is.
     */
    static final String BATCH_BYTES = "262144";

    private KafkaConnectors() {}

    /** Reads the values of {@code topic} as UTF-8 strings. */
    @SuppressWarnings("deprecation") // the connector's API still takes Kafka's deprecated enum
    public static KafkaSource<String> stringSource(String bootstrapServers, String topic, String groupId) {
        return KafkaSource.<String>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
    }

    /** Writes {@link TopicRecord}s to {@code topic}, at least once. */
    public static KafkaSink<TopicRecord> sink(String bootstrapServers, String topic) {
        return KafkaSink.<TopicRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new TopicRecordSerializer(topic))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty("linger.ms", LINGER_MS)
                .setProperty("batch.size", BATCH_BYTES)
                .build();
    }
}
