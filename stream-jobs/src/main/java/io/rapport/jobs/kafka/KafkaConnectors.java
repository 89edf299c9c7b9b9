package io.rapport.jobs.kafka;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/**
 * The real Kafka connectors of the stream jobs, configured the same way for every job: sources read
 * values as UTF-8 strings ({@link EventValueSchema}: a null or non-UTF-8 value becomes an invalid
 * event, dead-lettered, never a failed job) from the start of the topic unless restored from a checkpoint or savepoint,
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

    /**
     * Reads the values of {@code topic} as UTF-8 strings, from the start of the topic when the job
     * starts without state: its counts are a fold of the whole event log, so a job started afresh
     * (a new cluster, a JobManager restarted without HA, a cancel and run without {@code -s}) must
     * read all of it rather than carry on from the group's committed offsets with empty state. A
     * restore from a checkpoint or savepoint resumes at the offsets in its state; offsets are still
     * committed on checkpoints, for the API's lag monitoring.
     */
    public static KafkaSource<String> stringSource(String bootstrapServers, String topic, String groupId) {
        return KafkaSource.<String>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new EventValueSchema())
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
