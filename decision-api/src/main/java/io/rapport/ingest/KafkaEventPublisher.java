package io.rapport.ingest;

import io.rapport.event.Event;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@link EventPublisher} on a {@link KafkaProducer}: topic {@link Topics#EVENTS}, key the
 * customerId (one customer's events stay in order on one partition), value the event's JSON as
 * received, unknown fields included.
 *
 * <p>The producer is idempotent with {@code acks=all}. {@code KafkaProducer.send} may block (for
 * metadata, or when its buffer is full), so sends run on one dedicated thread, which also keeps
 * the order of events across calls. A call fails at once when the queue is full, and without
 * sending when it waited longer than {@code max.block.ms} for its turn (a timer answers it then); a
 * batch stops sending at its first failed event, so one batch holds the thread for at most {@code
 * max.block.ms} while Kafka is down. An answer therefore comes within {@code max.block.ms} (2 s)
 * of queueing plus at most {@code delivery.timeout.ms} (10 s) for records the producer accepted.
 * Delivery is at least once: if one event of a batch fails, the others may have been written, and
 * the client's retry writes them again; the stream jobs count an eventId once.
 */
public final class KafkaEventPublisher implements EventPublisher, AutoCloseable {
    private static final int MAX_QUEUED_BATCHES = 10_000;
    private static final long MAX_BLOCK_MILLIS = 2_000;

    private final Vertx vertx;
    private final KafkaProducer<String, byte[]> producer;
    private final ExecutorService sender;

    public KafkaEventPublisher(Vertx vertx, String bootstrapServers) {
        this.vertx = vertx;
        this.producer = new KafkaProducer<>(properties(bootstrapServers));
        this.sender = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_QUEUED_BATCHES), r -> {
                    Thread t = new Thread(r, "rapport-event-publisher");
                    t.setDaemon(true);
                    return t;
                });
    }

    private static Properties properties(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        // A request must fail fast enough for the client to retry, not hang on a dead broker.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(MAX_BLOCK_MILLIS));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        // One event of a body at the 1 MiB limit is a record of just over 1 MiB, the producer's default.
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(Topics.MAX_RECORD_BYTES));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "rapport-decision-api-events");
        return p;
    }

    @Override
    public Future<Void> publish(List<Event> events) {
        if (events.isEmpty()) {
            return Future.succeededFuture();
        }
        Context context = vertx.getOrCreateContext();
        Promise<Void> done = Promise.promise();
        // While Kafka is down a send blocks for max.block.ms; batches queued behind one another
        // would otherwise wait without bound instead of getting their 503. Whichever comes first,
        // the timer or the sender thread, decides whether the batch is sent.
        AtomicBoolean decided = new AtomicBoolean();
        long timer = vertx.setTimer(MAX_BLOCK_MILLIS, id -> {
            if (decided.compareAndSet(false, true)) {
                done.tryFail(new IllegalStateException("waited too long for Kafka"));
            }
        });
        try {
            sender.execute(() -> {
                if (decided.compareAndSet(false, true)) {
                    vertx.cancelTimer(timer);
                    send(events, context, done);
                }
            });
        } catch (RejectedExecutionException e) {
            vertx.cancelTimer(timer);
            return Future.failedFuture(new IllegalStateException("too many batches waiting for Kafka", e));
        }
        return done.future();
    }

    private void send(List<Event> events, Context context, Promise<Void> done) {
        AtomicInteger pending = new AtomicInteger(events.size());
        AtomicBoolean failed = new AtomicBoolean();
        for (Event event : events) {
            if (failed.get()) {
                // Kafka already refused one event (e.g. metadata timed out): each further send
                // would block for max.block.ms again and hold up the batches queued behind.
                return;
            }
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(Topics.EVENTS, event.customerId(), Json.encode(event.source()));
            try {
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        if (failed.compareAndSet(false, true)) {
                            context.runOnContext(v -> done.tryFail(error));
                        }
                    } else if (pending.decrementAndGet() == 0) {
                        context.runOnContext(v -> done.tryComplete());
                    }
                });
            } catch (RuntimeException e) {
                if (failed.compareAndSet(false, true)) {
                    context.runOnContext(v -> done.tryFail(e));
                }
                return;
            }
        }
    }

    /** Flushes and closes the producer; blocks (call off the event loop). */
    @Override
    public void close() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(5, TimeUnit.SECONDS);
        producer.close(Duration.ofSeconds(5));
    }
}
