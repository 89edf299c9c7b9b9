package io.rapport.jobs.offer;

import static io.rapport.jobs.offer.OfferEvents.MONDAY;
import static io.rapport.jobs.offer.OfferEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.jobs.testing.CollectingSink;
import io.rapport.jobs.testing.JobTestEnvironment;
import io.rapport.kafka.Json;
import io.rapport.offer.ContactHistory;
import io.rapport.offer.OfferStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole job on a MiniCluster at parallelism 2, without Kryo, on a shuffled history with duplicates. */
class OfferCountersJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void countsContactsPerCustomerAndResponsesPerOffer(@InjectMiniCluster MiniCluster cluster) throws Exception {
        List<String> events = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            for (int i = 0; i < 3; i++) {
                String impression = json(
                        "imp-" + c + "-" + i,
                        "offer_impression",
                        "c-" + c,
                        "news",
                        MONDAY + i * 60_000L,
                        c % 2 == 0 ? ",\"segments\":[\"loyal\",\"loyal\",7]" : "");
                events.add(impression);
                events.add(impression);
            }
            events.add(json("hold-" + c, "offer_impression", "c-" + c, "news", MONDAY, ",\"holdout\":true"));
            if (c % 4 == 0) {
                // Its impressions' segment; carried too, as a redemption may overtake them across source splits.
                events.add(json(
                        "red-" + c, "offer_redeem", "c-" + c, "news", MONDAY + 300_000L, ",\"segments\":[\"loyal\"]"));
            }
        }
        events.add(json("imp-x", "offer_impression", "c-erased", "news", MONDAY, ""));
        Collections.shuffle(events, new Random(7));
        events.add(json("erase-x", "erase", "c-erased", null, MONDAY + 400_000L, ""));

        CollectingSink contacts = new CollectingSink();
        CollectingSink stats = new CollectingSink();
        StreamExecutionEnvironment env = JobTestEnvironment.on(cluster);
        DataGeneratorSource<String> source = JobTestEnvironment.source(events);
        new OfferCountersJob(source, contacts, stats, OfferJobSettings.DEFAULTS).build(env);
        env.execute("offer-counters-test");

        // The end of the bounded input moves the watermark past every window, so each customer's last
        // record is a tombstone; the one before it holds the customer's counts.
        Map<String, TopicRecord> latestContacts = contacts.latestByKey();
        assertThat(latestContacts.values()).allMatch(TopicRecord::isTombstone);
        for (int c = 0; c < 20; c++) {
            String customerId = "c-" + c;
            TopicRecord counted = contacts.records().stream()
                    .filter(r -> r.key.equals(customerId) && !r.isTombstone())
                    .reduce((first, second) -> second)
                    .orElseThrow();
            assertThat(Json.decode(counted.value, ContactHistory.class)
                            .marketingImpressions(MONDAY / OfferEvents.DAY, (offerId, day) -> false))
                    .containsExactly(3, 3);
        }
        assertThat(latestContacts).containsKey("c-erased");
        OfferStats news = Json.decode(stats.latestByKey().get("news").value, OfferStats.class);
        // The erased customer's impression is subtracted (or ignored, when the erase overtook it).
        assertThat(news).isEqualTo(new OfferStats("news", 60, 5, Map.of("loyal", new OfferStats.Responses(30, 5))));
    }
    /**
     * The job's event time follows every valid event, not only offer outcomes: an impression, then
     * nothing but views dated past its contact window (an endless source, so no end-of-input
     * watermark can do it), and the customer's contact counts are deleted. Before, the views were
     * dropped before the watermarks and the counts stayed.
     */
    @Test
    void viewsDatedPastTheContactWindow_dropTheContacts(@InjectMiniCluster MiniCluster cluster) throws Exception {
        long later = MONDAY + (ContactHistory.DAYS + 1) * OfferEvents.DAY;
        DataGeneratorSource<String> source = JobTestEnvironment.endless(
                List.of(json("imp-t", "offer_impression", "c-t", "news", MONDAY, "")),
                index -> json("view-" + index, "view", "c-v", null, later, ",\"items\":[{\"itemId\":\"i\"}]"));
        CollectingSink contacts = new CollectingSink();
        StreamExecutionEnvironment env = JobTestEnvironment.on(cluster);
        new OfferCountersJob(source, contacts, new CollectingSink(), OfferJobSettings.DEFAULTS).build(env);
        JobTestEnvironment.runUntil(
                env,
                "offer-counters-event-time-test",
                () -> contacts.records().stream().anyMatch(TopicRecord::isTombstone));
        assertThat(contacts.records())
                .as("the impression counted, then its window passed")
                .extracting(r -> r.key + (r.isTombstone() ? " deleted" : " counted"))
                .containsExactly("c-t counted", "c-t deleted");
    }
}
