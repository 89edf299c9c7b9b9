package io.rapport.embedded;

import io.rapport.kafka.JobGroups;
import io.rapport.kafka.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Rapport's topics when they are missing, and gives existing ones the settings they lack
 * ({@link #settle}). The event log keeps 400 days ({@link
 * Topics#EVENTS_RETENTION_MS}) because it is the source of truth: the stream jobs can always rebuild
 * their state from it, and use nothing older. The view topics (items, customers, profiles, KPI
 * panes, offers and their counters) are compacted upserts, those keyed by customer within a day
 * ({@link Topics#CUSTOMER_COMPACTION_LAG_MS}), those the jobs write in segments of {@link
 * Topics#UPSERT_SEGMENT_BYTES}; dead letters and outbound actions are kept for a week. The topics the API writes whole
 * events, catalogues and campaign sets to take records of up to {@link Topics#MAX_RECORD_BYTES}.
 */
public final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {}

    public static List<NewTopic> topics(int partitions) {
        Map<String, String> compacted = Map.of("cleanup.policy", "compact", "min.insync.replicas", "1");
        String segment = String.valueOf(Topics.UPSERT_SEGMENT_BYTES);
        Map<String, String> upserts =
                Map.of("cleanup.policy", "compact", "min.insync.replicas", "1", "segment.bytes", segment);
        String day = String.valueOf(Topics.CUSTOMER_COMPACTION_LAG_MS);
        Map<String, String> customerCompacted = Map.of(
                "cleanup.policy",
                "compact",
                "min.insync.replicas",
                "1",
                "segment.bytes",
                segment,
                "segment.ms",
                day,
                "max.compaction.lag.ms",
                day);
        // Kafka deletes whole segments, which roll every 7 days by default: a daily roll lets a record go at
        // most a day after its retention (an erased customer's raw events after 401 days, not 407)
        String roll = String.valueOf(Topics.RETENTION_SEGMENT_MS);
        Map<String, String> week = Map.of("retention.ms", "604800000", "segment.ms", roll);
        String large = String.valueOf(Topics.MAX_RECORD_BYTES);
        Map<String, String> largeCompacted =
                Map.of("cleanup.policy", "compact", "min.insync.replicas", "1", "max.message.bytes", large);
        return List.of(
                new NewTopic(Topics.EVENTS, partitions, (short) 1)
                        .configs(Map.of(
                                "retention.ms",
                                String.valueOf(Topics.EVENTS_RETENTION_MS),
                                "segment.ms",
                                roll,
                                "max.message.bytes",
                                large)),
                new NewTopic(Topics.DEAD_LETTERS, 1, (short) 1)
                        .configs(Map.of("retention.ms", "604800000", "segment.ms", roll, "max.message.bytes", large)),
                new NewTopic(Topics.ITEMS, partitions, (short) 1).configs(upserts),
                new NewTopic(Topics.CUSTOMER_ITEMS, partitions, (short) 1).configs(customerCompacted),
                new NewTopic(Topics.CO_VIEWS, partitions, (short) 1).configs(upserts),
                new NewTopic(Topics.TOTALS, 1, (short) 1).configs(upserts),
                new NewTopic(Topics.PROFILES, partitions, (short) 1).configs(customerCompacted),
                new NewTopic(Topics.KPIS, 1, (short) 1)
                        .configs(Map.of(
                                "cleanup.policy", "compact", "min.compaction.lag.ms", "0", "segment.bytes", segment)),
                new NewTopic(Topics.OFFERS, 1, (short) 1).configs(largeCompacted),
                new NewTopic(Topics.CATALOG, partitions, (short) 1).configs(compacted),
                new NewTopic(Topics.CAMPAIGNS, 1, (short) 1).configs(largeCompacted),
                new NewTopic(Topics.OFFER_STATS, 1, (short) 1).configs(upserts),
                new NewTopic(Topics.CONTACT_COUNTS, partitions, (short) 1).configs(customerCompacted),
                new NewTopic(Topics.ACTIONS, partitions, (short) 1).configs(week));
    }

    /** Whether the {@code events} topic holds any record. */
    public static boolean holdsEvents(String bootstrapServers) {
        try (Admin admin = Admin.create(properties(bootstrapServers))) {
            List<TopicPartition> partitions = admin
                    .describeTopics(List.of(Topics.EVENTS))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(Topics.EVENTS)
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(Topics.EVENTS, p.partition()))
                    .toList();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> {
                earliest.put(tp, OffsetSpec.earliest());
                latest.put(tp, OffsetSpec.latest());
            });
            var starts = offsets(admin, earliest);
            var ends = offsets(admin, latest);
            return partitions.stream()
                    .anyMatch(tp -> ends.get(tp).offset() > starts.get(tp).offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the events topic's offsets", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the events topic's offsets on " + bootstrapServers, e);
        }
    }

    /**
     * The offsets asked for, retried for up to 30 s while Kafka answers with a retriable error: a
     * broker that has just created the topic may not host its partitions yet
     * (UnknownTopicOrPartitionException, seen once on a fresh start).
     */
    private static Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(
            Admin admin, Map<TopicPartition, OffsetSpec> specs)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.listOffsets(specs).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * Deletes the stream jobs' consumer groups ({@link JobGroups#BY_JOB}), whose committed offsets
     * are all the lag probe reads: call before jobs that start without state run (they read from
     * the beginning and commit anew at their first checkpoint). A group that does not exist is fine.
     */
    public static void forgetJobOffsets(String bootstrapServers) {
        try (Admin admin = Admin.create(properties(bootstrapServers))) {
            var deleted = admin.deleteConsumerGroups(JobGroups.BY_JOB.values()).deletedGroups();
            for (var group : deleted.entrySet()) {
                try {
                    group.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw new IllegalStateException(
                                "could not reset the consumer group " + group.getKey() + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting the jobs' consumer groups", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not reset the jobs' consumer groups on " + bootstrapServers, e);
        }
    }

    private static Properties properties(String bootstrapServers) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /**
     * Creates whichever of {@link #topics} do not exist yet, and brings the existing ones to their
     * settings ({@link #settle}): a data directory an earlier version made keeps its topics.
     */
    public static void ensure(String bootstrapServers, int partitions) {
        try (Admin admin = Admin.create(properties(bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics(partitions).stream()
                    .filter(t -> !existing.contains(t.name()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            settle(
                    admin,
                    topics(partitions).stream()
                            .filter(t -> existing.contains(t.name()))
                            .toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create Rapport's topics on " + bootstrapServers, e);
        }
    }

    /**
     * Gives existing topics the settings {@link #topics} creates them with where the topic has none
     * of its own (Kafka's default applies): e.g. the 64 MiB segments of the upsert topics and the
     * one-day compaction of the customer-keyed ones, which topics made by earlier versions lack. A
     * setting the topic holds with another value, set by an operator or by an earlier version (the
     * event log was kept for ever before 2026-12-05), is left alone and logged: changing it could
     * delete what someone chose to keep.
     */
    static void settle(Admin admin, List<NewTopic> existing)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (existing.isEmpty()) {
            return;
        }
        Map<ConfigResource, NewTopic> byResource = new LinkedHashMap<>();
        existing.forEach(t -> byResource.put(new ConfigResource(ConfigResource.Type.TOPIC, t.name()), t));
        Map<ConfigResource, Config> current =
                admin.describeConfigs(byResource.keySet()).all().get(30, TimeUnit.SECONDS);
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
        byResource.forEach((resource, topic) -> topic.configs().forEach((key, wanted) -> {
            ConfigEntry entry = current.get(resource).get(key);
            if (entry != null && wanted.equals(entry.value())) {
                return;
            }
            if (entry != null && entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                LOG.warn(
                        "Topic {} keeps its {}={} (Rapport creates it with {}; README, \"Erase\", says how to"
                                + " change it)",
                        topic.name(),
                        key,
                        entry.value(),
                        wanted);
                return;
            }
            LOG.info(
                    "Topic {}: {} set to {} (was Kafka's default {})",
                    topic.name(),
                    key,
                    wanted,
                    entry == null ? "" : entry.value());
            changes.computeIfAbsent(resource, r -> new ArrayList<>())
                    .add(new AlterConfigOp(new ConfigEntry(key, wanted), AlterConfigOp.OpType.SET));
        }));
        if (!changes.isEmpty()) {
            admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
        }
    }
}
