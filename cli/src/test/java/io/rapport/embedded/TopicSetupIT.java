package io.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rapport.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory an earlier version made, on a real KRaft broker: its topics get the settings
 * Rapport now creates them with where they hold none of their own, and keep those they hold (an
 * operator's, or the event log's "for ever" of versions before 2026-12-05). Before, only missing
 * topics were created, so the upsert topics kept Kafka's 1 GiB segments for good (upgrade audit).
 */
class TopicSetupIT {
    @TempDir
    Path dataDir;

    @Test
    void existingTopics_getTheSettingsTheyLack_andKeepTheirOwn() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, Ports.free());
                Admin admin = admin(broker.bootstrapServers())) {
            admin.createTopics(List.of(
                            new NewTopic(Topics.EVENTS, 2, (short) 1).configs(Map.of("retention.ms", "-1")),
                            new NewTopic(Topics.ITEMS, 2, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                            new NewTopic(Topics.PROFILES, 2, (short) 1)
                                    .configs(Map.of("cleanup.policy", "compact", "segment.bytes", "1048576"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);

            TopicSetup.ensure(broker.bootstrapServers(), 2);

            String segment = String.valueOf(Topics.UPSERT_SEGMENT_BYTES);
            String day = String.valueOf(Topics.CUSTOMER_COMPACTION_LAG_MS);
            // the controller applies a change; the broker answering describeConfigs learns it moments later
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(settings(admin, Topics.ITEMS))
                        .as("Kafka's default 1 GiB segments before")
                        .containsEntry("segment.bytes", segment)
                        .containsEntry("cleanup.policy", "compact");
                assertThat(settings(admin, Topics.PROFILES))
                        .containsEntry("segment.ms", day)
                        .containsEntry("max.compaction.lag.ms", day)
                        .as("the topic's own segment size stays")
                        .containsEntry("segment.bytes", "1048576");
            });
            assertThat(settings(admin, Topics.EVENTS))
                    .as("never shortened: it would delete events someone chose to keep")
                    .containsEntry("retention.ms", "-1");
            assertThat(settings(admin, Topics.CO_VIEWS))
                    .as("a missing topic is created with every setting")
                    .containsEntry("segment.bytes", segment);

            TopicSetup.ensure(broker.bootstrapServers(), 2);
            assertThat(settings(admin, Topics.ITEMS)).containsEntry("segment.bytes", segment);
        }
    }

    /** The settings the topic holds of its own (not Kafka's defaults). */
    private static Map<String, String> settings(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(resource);
        return config.entries().stream()
                .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
    }

    private static Admin admin(String bootstrapServers) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(p);
    }
}
