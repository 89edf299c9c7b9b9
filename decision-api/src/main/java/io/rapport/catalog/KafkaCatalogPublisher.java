package io.rapport.catalog;

import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@link CatalogPublisher} on its own idempotent {@link KafkaProducer} ({@code acks=all}). Catalogue
 * posts are admin writes, so the sends and the wait for their acknowledgements run on a Vert.x
 * worker thread, bounded by the producer's delivery timeout (10 s).
 */
public final class KafkaCatalogPublisher implements CatalogPublisher, AutoCloseable {
    private static final long DELIVERY_TIMEOUT_MILLIS = 10_000;

    private final Vertx vertx;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaCatalogPublisher(Vertx vertx, String bootstrapServers) {
        this.vertx = vertx;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(DELIVERY_TIMEOUT_MILLIS));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "rapport-decision-api-catalog");
        this.producer = new KafkaProducer<>(p);
    }

    @Override
    public Future<Void> publish(List<CatalogItem> items) {
        return vertx.executeBlocking(() -> {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>(items.size());
            for (CatalogItem item : items) {
                sent.add(producer.send(new ProducerRecord<>(Topics.CATALOG, item.itemId(), Json.encode(item))));
            }
            for (java.util.concurrent.Future<RecordMetadata> ack : sent) {
                ack.get(DELIVERY_TIMEOUT_MILLIS + 1_000, TimeUnit.MILLISECONDS);
            }
            return null;
        }, false);
    }

    /** Flushes and closes the producer; blocks (call off the event loop). */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
