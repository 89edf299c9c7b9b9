package io.rapport.store;

import io.rapport.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link Views} up to date with the stream jobs' topics ({@code items}, {@code
 * customer-items}, {@code totals}, {@code profiles}, the offer topics, {@code kpis}, {@code
 * catalog}, {@code campaigns} and {@code co-views}), and counts the dead letters ({@link DeadLetterCount}).
 *
 * <p>Runs a {@link KafkaConsumer} on its own thread, never on an event loop. It assigns every
 * partition of the three topics (no consumer group: every API instance holds the whole state),
 * reads them from the beginning and applies every record. About once a second it measures the lag
 * (end offset minus position, summed) into {@link ViewProgress}; the views become ready once every
 * partition has reached the end offset it had when first measured. Partitions of topics created
 * later are picked up on the same schedule. A broker outage is logged and retried; the views keep
 * their last state meanwhile.
 *
 * <p>The topics keyed by customer ({@link #STAGED}: profiles, bought items, contact counts) are
 * loaded a partition at a time: up to the end offset first measured, only each key's latest record
 * is kept, and the partition reaches the views once it is read to there. Their older records, not
 * yet compacted away, would otherwise show an erased customer's profile again for as long as the
 * load took to reach the erase's tombstone. (The result is what a fully compacted topic would
 * give, so nothing is lost; it costs holding those partitions' latest records once during the
 * load.)
 *
 * <p>The dead-letter topic is read like the others but is no view: its partitions count neither in
 * the lag nor in readiness (a week of refusals must not hold the API back), and the count is known
 * ({@link DeadLetterCount#loaded}) once they are read to where they ended when first measured.
 */
public final class ViewConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ViewConsumer.class);
    private static final List<String> TOPICS = List.of(
            Topics.ITEMS,
            Topics.CUSTOMER_ITEMS,
            Topics.TOTALS,
            Topics.OFFERS,
            Topics.OFFER_STATS,
            Topics.CONTACT_COUNTS,
            Topics.KPIS,
            Topics.PROFILES,
            Topics.CATALOG,
            Topics.CAMPAIGNS,
            Topics.CO_VIEWS,
            Topics.DEAD_LETTERS);
    /** Loaded latest-per-key before they reach the views (see the class comment). */
    static final Set<String> STAGED = Set.of(Topics.PROFILES, Topics.CUSTOMER_ITEMS, Topics.CONTACT_COUNTS);

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Duration API_TIMEOUT = Duration.ofSeconds(2);

    private final Views views;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private Map<TopicPartition, Long> startEndOffsets;
    /** Partitions of {@link #STAGED} topics still loading: each key's latest value so far (null = tombstone). */
    private final Map<TopicPartition, Map<String, byte[]>> loading = new HashMap<>();

    private long nextCheckMillis;
    private long skippedRecords;
    private volatile boolean running = true;

    public ViewConsumer(String bootstrapServers, Views views) {
        this.views = views;
        this.consumer = new KafkaConsumer<>(properties(bootstrapServers));
        this.thread = new Thread(this::run, "rapport-view-consumer");
        this.thread.setDaemon(true);
    }

    private static Properties properties(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The stream jobs may write transactionally; aborted snapshots must never reach the views.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Creating a missing topic here would create it without compaction.
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(API_TIMEOUT.toMillis()));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "rapport-decision-api-views");
        return p;
    }

    /** Starts the consumer thread. */
    public void start() {
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                try {
                    if (System.currentTimeMillis() >= nextCheckMillis) {
                        check();
                    }
                    if (assigned.isEmpty()) {
                        Thread.sleep(POLL.toMillis());
                    } else {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                            take(r);
                        }
                    }
                } catch (WakeupException | InterruptException | InterruptedException e) {
                    break;
                } catch (KafkaException e) {
                    LOG.warn("Kafka unavailable to the view consumer, retrying: {}", e.toString());
                    nextCheckMillis = System.currentTimeMillis() + CHECK_INTERVAL.toMillis();
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void take(ConsumerRecord<String, byte[]> r) {
        if (Topics.DEAD_LETTERS.equals(r.topic())) {
            apply(r.topic(), r.key(), r.value(), r.topic() + "-" + r.partition() + "@" + r.offset());
            return;
        }
        if (r.key() == null) {
            skip(r.topic() + "-" + r.partition() + "@" + r.offset(), "no key");
            return;
        }
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Map<String, byte[]> latest = loading.get(tp);
        if (latest == null) {
            apply(r.topic(), r.key(), r.value(), r.topic() + "-" + r.partition() + "@" + r.offset());
            return;
        }
        latest.remove(r.key()); // re-inserted last: the views get keys in the order of their latest records
        latest.put(r.key(), r.value());
        if (r.offset() + 1 >= startEndOffsets.get(tp)) {
            loaded(tp);
        }
    }

    /** A staged partition is read to its first end offset: its keys' latest records reach the views. */
    private void loaded(TopicPartition tp) {
        Map<String, byte[]> latest = loading.remove(tp);
        latest.forEach((key, value) -> apply(tp.topic(), key, value, tp + " (loaded, key " + key + ")"));
        LOG.info("View consumer loaded {}: {} keys", tp, latest.size());
    }

    private void apply(String topic, String key, byte[] value, String where) {
        try {
            views.apply(topic, key, value);
        } catch (RuntimeException e) {
            skip(where, e.toString());
        }
    }

    private void skip(String where, String reason) {
        skippedRecords++;
        LOG.warn("Skipped record {} ({} skipped so far): {}", where, skippedRecords, reason);
    }

    /** Picks up new partitions, measures the lag and decides readiness. */
    private void check() {
        nextCheckMillis = System.currentTimeMillis() + CHECK_INTERVAL.toMillis();
        assignNewPartitions();
        Map<TopicPartition, Long> endOffsets =
                assigned.isEmpty() ? Map.of() : consumer.endOffsets(assigned, API_TIMEOUT);
        if (startEndOffsets == null) {
            startEndOffsets = new HashMap<>(endOffsets);
            startEndOffsets.forEach((tp, end) -> {
                if (STAGED.contains(tp.topic()) && end > 0) {
                    loading.put(tp, new LinkedHashMap<>());
                }
            });
        }
        long lag = 0;
        boolean caughtUp = true;
        boolean lettersRead = true;
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            long position = consumer.position(end.getKey(), API_TIMEOUT);
            Long startEnd = startEndOffsets.get(end.getKey());
            if (Topics.DEAD_LETTERS.equals(end.getKey().topic())) {
                lettersRead &= startEnd == null || position >= startEnd;
                continue;
            }
            if (loading.containsKey(end.getKey()) && startEnd != null && position >= startEnd) {
                loaded(end.getKey()); // its last offsets were transaction markers or compacted away
            }
            lag += Math.max(0, end.getValue() - position);
            if (startEnd != null && position < startEnd) {
                caughtUp = false;
            }
        }
        views.progress().report(lag, caughtUp, System.currentTimeMillis());
        if (lettersRead && assigned.stream().anyMatch(tp -> Topics.DEAD_LETTERS.equals(tp.topic()))) {
            views.deadLetters().loaded();
        }
    }

    private void assignNewPartitions() {
        List<TopicPartition> found = new ArrayList<>();
        for (String topic : TOPICS) {
            for (PartitionInfo p : consumer.partitionsFor(topic, API_TIMEOUT)) {
                TopicPartition tp = new TopicPartition(p.topic(), p.partition());
                if (!assigned.contains(tp)) {
                    found.add(tp);
                }
            }
        }
        if (!found.isEmpty()) {
            assigned.addAll(found);
            consumer.assign(assigned);
            consumer.seekToBeginning(found);
            LOG.info("View consumer reads {} new partitions: {}", found.size(), found);
        }
    }

    /** Stops the consumer thread and closes the consumer; blocks until done (call off the event loop). */
    @Override
    public void close() throws InterruptedException {
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ZERO);
            return;
        }
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}
