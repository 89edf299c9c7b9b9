package io.rapport.ingest;

import io.rapport.kafka.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@link RecordPublisher} on its own idempotent {@link KafkaProducer} ({@code acks=all}), shared by
 * the admin writes (offer catalogue, campaigns, product catalogue). They are rare and small, so the send and the wait for its acknowledgement run
 * on a Vert.x worker thread, bounded by the producer's delivery timeout (10 s).
 */
public final class KafkaRecordPublisher implements RecordPublisher, AutoCloseable {
    private static final long DELIVERY_TIMEOUT_MILLIS = 10_000;

    private final Vertx vertx;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaRecordPublisher(Vertx vertx, String bootstrapServers) {
        this.vertx = vertx;
        this.producer = new KafkaProducer<>(properties(bootstrapServers));
    }

    private static Properties properties(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(DELIVERY_TIMEOUT_MILLIS));
        // One event of a body at the 1 MiB limit is a record of just over 1 MiB, the producer's default.
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(Topics.MAX_RECORD_BYTES));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "rapport-decision-api-admin");
        return p;
    }

    @Override
    public Future<Void> publish(String topic, String key, byte[] value) {
        return publishAll(topic, Map.of(key, value));
    }

    /** Sends every record, then waits for all acknowledgements: one round trip for a whole batch. */
    @Override
    public Future<Void> publishAll(String topic, Map<String, byte[]> records) {
        return vertx.executeBlocking(
                () -> {
                    List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>(records.size());
                    for (Map.Entry<String, byte[]> r : records.entrySet()) {
                        sent.add(producer.send(new ProducerRecord<>(topic, r.getKey(), r.getValue())));
                    }
                    for (java.util.concurrent.Future<RecordMetadata> ack : sent) {
                        ack.get(DELIVERY_TIMEOUT_MILLIS + 1_000, TimeUnit.MILLISECONDS);
                    }
                    return null;
                },
                false);
    }

    /** Flushes and closes the producer; blocks (call off the event loop). */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
