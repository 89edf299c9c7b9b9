package io.rapport.deploy;

import static io.rapport.deploy.Manifests.NOT_COMPACTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.kafka.Topics;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every topic of {@link Topics} is created by both deployments (the Compose init script and the
 * Strimzi {@code KafkaTopic}s) with replication 3, min.insync.replicas 2, compaction for the upsert
 * topics (those keyed by customer within a day) and 400 days' retention for the event log, and the
 * two deployments agree.
 */
class TopicManifestsTest {
    private static final Pattern TOPIC_LINE =
            Pattern.compile("^topic\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)((?:\\s+\\S+=\\S+)*)\\s*$", Pattern.MULTILINE);

    /** One topic as a deployment declares it. */
    record TopicSpec(int partitions, int replicas, Map<String, String> config) {}

    static Map<String, TopicSpec> composeTopics() {
        String script = Manifests.text(Manifests.COMPOSE.resolve("kafka/create-topics.sh"));
        Map<String, TopicSpec> topics = new TreeMap<>();
        Matcher m = TOPIC_LINE.matcher(script);
        while (m.find()) {
            Map<String, String> config = new TreeMap<>();
            for (String kv : m.group(4).trim().split("\\s+")) {
                if (!kv.isEmpty()) {
                    String[] parts = kv.split("=", 2);
                    config.put(parts[0], parts[1]);
                }
            }
            TopicSpec previous = topics.put(
                    m.group(1), new TopicSpec(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), config));
            assertThat(previous).as("topic %s declared twice", m.group(1)).isNull();
        }
        return topics;
    }

    static Map<String, TopicSpec> kubernetesTopics() {
        Map<String, TopicSpec> topics = new TreeMap<>();
        for (JsonNode t : Manifests.ofKind(Manifests.k8sBase(), "KafkaTopic")) {
            JsonNode spec = t.path("spec");
            Map<String, String> config = new TreeMap<>();
            spec.path("config")
                    .fields()
                    .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            String name = spec.path("topicName")
                    .asText(t.path("metadata").path("name").asText());
            assertThat(t.path("metadata")
                            .path("labels")
                            .path("strimzi.io/cluster")
                            .asText())
                    .as("cluster label of KafkaTopic %s", name)
                    .isEqualTo("rapport");
            topics.put(
                    name,
                    new TopicSpec(
                            spec.path("partitions").asInt(),
                            spec.path("replicas").asInt(),
                            config));
        }
        return topics;
    }

    @Test
    void catalogue_isReadFromTopicsClass() {
        assertThat(Manifests.catalogueTopics())
                .contains(Topics.EVENTS, Topics.DEAD_LETTERS, Topics.ITEMS, Topics.CUSTOMER_ITEMS, Topics.TOTALS)
                .doesNotContain(Topics.TOTALS_KEY);
    }

    @Test
    void composeInit_createsExactlyTheCatalogueTopics() {
        assertThat(composeTopics().keySet()).containsExactlyInAnyOrderElementsOf(Manifests.catalogueTopics());
    }

    @Test
    void kubernetes_declaresAKafkaTopicPerCatalogueTopic() {
        assertThat(kubernetesTopics().keySet()).containsExactlyInAnyOrderElementsOf(Manifests.catalogueTopics());
    }

    @Test
    void everyTopic_isReplicatedThreeTimesWithMinIsrTwo() {
        for (Map<String, TopicSpec> deployment : java.util.List.of(composeTopics(), kubernetesTopics())) {
            deployment.forEach((name, spec) -> {
                assertThat(spec.replicas()).as("replicas of %s", name).isEqualTo(3);
                assertThat(spec.partitions()).as("partitions of %s", name).isPositive();
                assertThat(spec.config()).as("config of %s", name).containsEntry("min.insync.replicas", "2");
            });
        }
    }

    @Test
    void upsertTopics_areCompacted_andLogTopicsAreNot() {
        for (Map<String, TopicSpec> deployment : java.util.List.of(composeTopics(), kubernetesTopics())) {
            deployment.forEach((name, spec) -> {
                if (NOT_COMPACTED.contains(name)) {
                    assertThat(spec.config()).as("config of %s", name).doesNotContainKey("cleanup.policy");
                } else {
                    assertThat(spec.config()).as("config of %s", name).containsEntry("cleanup.policy", "compact");
                }
            });
        }
    }

    @Test
    void eventLog_isKeptFourHundredDays() {
        String retention = String.valueOf(Topics.EVENTS_RETENTION_MS);
        assertThat(retention).isEqualTo("34560000000");
        assertThat(composeTopics().get(Topics.EVENTS).config()).containsEntry("retention.ms", retention);
        assertThat(kubernetesTopics().get(Topics.EVENTS).config()).containsEntry("retention.ms", retention);
    }

    @Test
    void topicsWithARetention_rollASegmentADay_soARecordGoesAtMostADayAfterIt() {
        String day = String.valueOf(Topics.RETENTION_SEGMENT_MS);
        assertThat(day).isEqualTo("86400000");
        for (String topic : java.util.List.of(Topics.EVENTS, Topics.DEAD_LETTERS, Topics.ACTIONS)) {
            assertThat(composeTopics().get(topic).config()).as(topic).containsEntry("segment.ms", day);
            assertThat(kubernetesTopics().get(topic).config()).as(topic).containsEntry("segment.ms", day);
        }
    }

    @Test
    void customerKeyedUpsertTopics_compactWithinADay() {
        String day = String.valueOf(Topics.CUSTOMER_COMPACTION_LAG_MS);
        for (String topic : java.util.List.of(Topics.PROFILES, Topics.CUSTOMER_ITEMS, Topics.CONTACT_COUNTS)) {
            assertThat(composeTopics().get(topic).config())
                    .as(topic)
                    .containsEntry("segment.ms", day)
                    .containsEntry("max.compaction.lag.ms", day);
        }
    }

    @Test
    void upsertTopicsTheJobsWrite_rollSegmentsOf64MebibytesSoTheyCompact() {
        String segment = String.valueOf(Topics.UPSERT_SEGMENT_BYTES);
        assertThat(segment).isEqualTo("67108864");
        for (String topic : Topics.JOB_UPSERT_TOPICS) {
            assertThat(composeTopics().get(topic).config()).as(topic).containsEntry("segment.bytes", segment);
        }
    }

    @Test
    void topicsTheApiWritesWholeEventsAndCataloguesTo_takeRecordsOfTwoMebibytes() {
        String large = String.valueOf(Topics.MAX_RECORD_BYTES);
        for (String topic : java.util.List.of(Topics.EVENTS, Topics.DEAD_LETTERS, Topics.OFFERS, Topics.CAMPAIGNS)) {
            assertThat(composeTopics().get(topic).config()).as(topic).containsEntry("max.message.bytes", large);
        }
    }

    @Test
    void compose_andKubernetes_agreeOnEveryTopic() {
        assertThat(kubernetesTopics()).isEqualTo(composeTopics());
    }

    @Test
    void singleKeyTopics_haveOnePartition() {
        assertThat(composeTopics().get(Topics.TOTALS).partitions()).isEqualTo(1);
        assertThat(composeTopics().get(Topics.OFFERS).partitions()).isEqualTo(1);
    }
}
