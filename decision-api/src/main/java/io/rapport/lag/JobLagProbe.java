package io.rapport.lag;

import io.rapport.kafka.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the stream jobs' consumer-group lag on {@link Topics#EVENTS} with the Kafka {@link Admin}
 * client, on its own thread (never an event loop), and reports it to a {@link JobLagMonitor}.
 *
 * <p>A group's lag is the sum over the partitions of {@code events} of the end offset minus the
 * group's committed offset (the log start offset where the group has none, since a new job reads
 * from the earliest offset). Flink commits at checkpoints, so this is the lag as of the job's last
 * completed checkpoint.
 */
public final class JobLagProbe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobLagProbe.class);
    private static final long TIMEOUT_MILLIS = 2_000;

    private final Admin admin;
    private final JobLagMonitor monitor;
    private final Thread thread;
    private volatile boolean running = true;
    private boolean warned;

    public JobLagProbe(String bootstrapServers, JobLagMonitor monitor) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MILLIS));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(2 * TIMEOUT_MILLIS));
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "rapport-decision-api-job-lag");
        this.admin = Admin.create(p);
        this.monitor = monitor;
        this.thread = new Thread(this::run, "rapport-job-lag");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        long interval = monitor.settings().interval().toMillis();
        while (running) {
            measureOnce();
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Measures every group's lag once; a failure makes the lags unknown until the next success. */
    void measureOnce() {
        try {
            List<TopicPartition> partitions = partitions(Topics.EVENTS);
            Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
            long now = System.currentTimeMillis();
            for (Map.Entry<String, String> job : monitor.groupsByJob().entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = committed(job.getValue());
                long lag = 0;
                long positions = 0;
                for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                    long start = earliest.getOrDefault(e.getKey(), 0L);
                    OffsetAndMetadata c = committed.get(e.getKey());
                    long position = c == null ? start : Math.max(start, c.offset());
                    lag += Math.max(0, e.getValue() - position);
                    positions += position;
                }
                monitor.report(job.getKey(), lag, positions, now);
            }
            warned = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (!warned) {
                LOG.warn("Could not measure the stream jobs' lag, retrying: {}", e.toString());
                warned = true;
            }
            monitor.groupsByJob().keySet().forEach(monitor::unknown);
        }
    }

    private List<TopicPartition> partitions(String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .get(topic);
        return description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResultInfo> result =
                admin.listOffsets(request).all().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String group)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> found = new HashMap<>();
            // Partitions without a committed offset may come back with a null value.
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    found.put(tp, o);
                }
            });
            return found;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw e;
        }
    }

    /** Stops the thread and closes the admin client; blocks briefly (call off the event loop). */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(Duration.ofSeconds(5).toMillis());
        admin.close(Duration.ofSeconds(2));
    }
}
