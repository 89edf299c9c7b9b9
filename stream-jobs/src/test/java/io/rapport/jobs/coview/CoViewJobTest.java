package io.rapport.jobs.coview;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.coview.CoViewCount;
import io.rapport.coview.CoViewSnapshot;
import io.rapport.coview.ViewSessionTotals;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.jobs.testing.CollectingSink;
import io.rapport.jobs.testing.JobTestEnvironment;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole co-view job on a MiniCluster at parallelism 2 (no Kryo), on shuffled views with
 * duplicates, purchases and an erase, compared with a brute-force recount of the sessions.
 *
 * <p>The source splits the events between two readers, so one customer's events arrive out of
 * order. The sessions are built so that order does not matter: each lies within 25 minutes, and a
 * customer's sessions are 3 hours apart, so every view is within the 30-minute gap of exactly its
 * own session's other views whatever the arrival order.
 */
class CoViewJobTest extends CoViewTestBase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final int ITEMS = 12;
    private static final String ERASED = "c-erased";

    /** Every counted session's distinct items: the recount's input. */
    private static final List<Set<String>> SESSIONS = new ArrayList<>();

    private static final CollectingSink CO_VIEWS = new CollectingSink();
    private static final CollectingSink TOTALS = new CollectingSink();

    @BeforeAll
    static void runJob(@InjectMiniCluster MiniCluster cluster) throws Exception {
        List<String> events = history(new Random(5));
        DataGeneratorSource<String> source = JobTestEnvironment.source(events);
        StreamExecutionEnvironment env = JobTestEnvironment.on(cluster);
        new CoViewJob(source, CO_VIEWS, TOTALS, CoViewSettings.DEFAULTS).build(env);
        env.execute("coview-test");
    }

    /**
     * About 600 views by 40 customers in up to 4 sessions each, 40 duplicates and 20 purchases,
     * shuffled; then {@link #ERASED}'s views, erase, a replayed view and a later session, in order in
     * the first quarter (read by one reader in order).
     */
    private static List<String> history(Random random) {
        List<String> events = new ArrayList<>();
        for (int c = 0; c < 40; c++) {
            for (int s = 0; s < 1 + random.nextInt(4); s++) {
                Set<String> items = new LinkedHashSet<>();
                int start = s * 180;
                for (int v = 0; v < 1 + random.nextInt(6); v++) {
                    String item = "i-" + random.nextInt(ITEMS);
                    items.add(item);
                    events.add(view("v-" + c + "-" + s + "-" + v, start + random.nextInt(25), "c-" + c, item));
                }
                SESSIONS.add(items);
            }
            events.add(purchase(1000, "c-" + c, "i-" + random.nextInt(ITEMS)));
        }
        for (int i = 0; i < 40; i++) {
            events.add(events.get(random.nextInt(events.size())));
        }
        Collections.shuffle(events, random);

        String forgotten = view(0, ERASED, "i-1");
        List<String> erased = List.of(
                forgotten,
                view(5, ERASED, "i-2"),
                erase(60, ERASED),
                forgotten,
                view(200, ERASED, "i-3"),
                view(210, ERASED, "i-4"));
        SESSIONS.add(Set.of("i-3", "i-4"));
        int step = events.size() / 4 / erased.size();
        for (int i = 0; i < erased.size(); i++) {
            events.add(i * step + 1, erased.get(i));
        }
        return events;
    }

    @Test
    void snapshots_equalABruteForceRecountOfSessions() {
        Map<String, TopicRecord> latest = CO_VIEWS.latestByKey();
        for (int i = 0; i < ITEMS; i++) {
            String item = "i-" + i;
            long sessions = SESSIONS.stream().filter(s -> s.contains(item)).count();
            TopicRecord record = latest.get(item);
            if (sessions == 0) {
                assertThat(record == null || record.isTombstone()).as(item).isTrue();
                continue;
            }
            CoViewSnapshot snapshot = Json.decode(record.value, CoViewSnapshot.class);
            assertThat(snapshot.sessions()).as("sessions of " + item).isEqualTo(sessions);
            assertThat(snapshot.category()).isEqualTo("cat-" + item);
            assertThat(snapshot.neighbours()).as("neighbours of " + item).isEqualTo(recount(item));
        }
    }

    @Test
    void sessionTotal_equalsTheNumberOfSessions() {
        TopicRecord total = TOTALS.latestByKey().get(Topics.VIEW_SESSIONS_KEY);
        assertThat(Json.decode(total.value, ViewSessionTotals.class)).isEqualTo(new ViewSessionTotals(SESSIONS.size()));
    }

    private static List<CoViewCount> recount(String item) {
        Map<String, Long> together = new HashMap<>();
        for (Set<String> session : SESSIONS) {
            if (session.contains(item)) {
                session.stream().filter(other -> !other.equals(item)).forEach(o -> together.merge(o, 1L, Long::sum));
            }
        }
        return together.entrySet().stream()
                .map(e -> new CoViewCount(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(CoViewCount::coViews)
                        .reversed()
                        .thenComparing(CoViewCount::itemId))
                .toList();
    }
}
