package io.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.kafka.Topics;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The embedded stack's topics carry the settings the deployments declare (see deploy's TopicManifestsTest). */
class TopicSetupTest {
    private static final Map<String, Map<String, String>> CONFIGS =
            TopicSetup.topics(2).stream().collect(Collectors.toMap(NewTopic::name, NewTopic::configs));

    @Test
    void upsertTopicsTheJobsWrite_rollSegmentsSmallEnoughToCompact() {
        for (String topic : Topics.JOB_UPSERT_TOPICS) {
            assertThat(CONFIGS.get(topic))
                    .as(topic)
                    .containsEntry("cleanup.policy", "compact")
                    .containsEntry("segment.bytes", String.valueOf(Topics.UPSERT_SEGMENT_BYTES));
        }
    }

    @Test
    void customerKeyedTopics_compactWithinADay_andTheLogKeeps400Days() {
        String day = String.valueOf(Topics.CUSTOMER_COMPACTION_LAG_MS);
        for (String topic : List.of(Topics.PROFILES, Topics.CUSTOMER_ITEMS, Topics.CONTACT_COUNTS)) {
            assertThat(CONFIGS.get(topic))
                    .as(topic)
                    .containsEntry("segment.ms", day)
                    .containsEntry("max.compaction.lag.ms", day);
        }
        assertThat(CONFIGS.get(Topics.EVENTS))
                .containsEntry("retention.ms", String.valueOf(Topics.EVENTS_RETENTION_MS))
                .doesNotContainKey("cleanup.policy");
        for (String topic : List.of(Topics.EVENTS, Topics.DEAD_LETTERS, Topics.ACTIONS)) {
            assertThat(CONFIGS.get(topic))
                    .as(topic + ": a record goes at most a day after its retention")
                    .containsEntry("segment.ms", String.valueOf(Topics.RETENTION_SEGMENT_MS));
        }
    }
}
