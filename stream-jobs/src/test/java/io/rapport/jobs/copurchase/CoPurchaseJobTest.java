package io.rapport.jobs.copurchase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.copurchase.TopNeighbours;
import io.rapport.copurchase.Totals;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.jobs.testing.CollectingSink;
import io.rapport.jobs.testing.JobTestEnvironment;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
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
 * The whole job on a MiniCluster at parallelism 2, on a bounded shuffled history with duplicates,
 * repeat purchases, an erase and invalid events, compared with an exact brute-force recount.
 */
class CoPurchaseJobTest extends CoPurchaseTestBase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final int CUSTOMERS = 50;
    private static final int ITEMS = 30;
    private static final String ERASED = "c-7";
    private static final String NEGATIVE_PRICE =
            purchase(MONDAY, "c-1", "bad", "i-1").replace("2.5", "-1");
    private static final String NOT_JSON = "{\"eventId\":";

    /** What each customer counts with at the end: the recount's input. */
    private static final Map<String, Set<String>> BOUGHT = new HashMap<>();

    private static final Map<String, Set<String>> VIEWED = new HashMap<>();

    private static final CollectingSink ITEMS_SINK = new CollectingSink();
    private static final CollectingSink CUSTOMER_ITEMS_SINK = new CollectingSink();
    private static final CollectingSink TOTALS_SINK = new CollectingSink();
    private static final CollectingSink DEAD_LETTERS_SINK = new CollectingSink();

    @BeforeAll
    static void runJob(@InjectMiniCluster MiniCluster cluster) throws Exception {
        List<String> events = history(new Random(42));
        DataGeneratorSource<String> source = JobTestEnvironment.source(events);

        StreamExecutionEnvironment env = JobTestEnvironment.on(cluster);
        new CoPurchaseJob(
                        source,
                        ITEMS_SINK,
                        CUSTOMER_ITEMS_SINK,
                        TOTALS_SINK,
                        DEAD_LETTERS_SINK,
                        CoPurchaseSettings.DEFAULTS)
                .build(env);
        env.execute("copurchase-test");
    }

    /**
     * About 500 events in shuffled order: 300 purchases and 150 views by 49 customers, 30 duplicated
     * events, two invalid ones, and customer {@link #ERASED}, who buys, is erased, has the purchase
     * replayed and buys again. Kafka keeps one customer's events in order and the test source reads
     * its first half in one split, so that customer's events all go in order into the first quarter.
     */
    private static List<String> history(Random random) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String customer = otherCustomer(random);
            String[] items = random.ints(1 + random.nextInt(4), 0, ITEMS)
                    .mapToObj(n -> "i-" + n)
                    .toArray(String[]::new);
            events.add(purchase(MONDAY.plus(Duration.ofMinutes(i)), customer, "o-" + i, items));
            BOUGHT.computeIfAbsent(customer, c -> new HashSet<>()).addAll(List.of(items));
        }
        for (int i = 0; i < 150; i++) {
            String customer = otherCustomer(random);
            String item = "i-" + random.nextInt(ITEMS);
            events.add(view(MONDAY.plus(Duration.ofMinutes(2 * i)).plusSeconds(30), customer, item));
            VIEWED.computeIfAbsent(customer, c -> new HashSet<>()).add(item);
        }
        for (int i = 0; i < 30; i++) {
            events.add(events.get(random.nextInt(events.size())));
        }
        events.add(NEGATIVE_PRICE);
        events.add(NOT_JSON);
        Collections.shuffle(events, random);

        String forgotten = purchase(MONDAY.plus(Duration.ofMinutes(10)), ERASED, "o-e1", "i-3", "i-4");
        List<String> erased = List.of(
                forgotten,
                view(MONDAY.plus(Duration.ofMinutes(11)), ERASED, "i-3"),
                erase(MONDAY.plus(Duration.ofMinutes(100)), ERASED),
                forgotten,
                purchase(MONDAY.plus(Duration.ofMinutes(200)), ERASED, "o-e2", "i-1", "i-2", "i-1"),
                view(MONDAY.plus(Duration.ofMinutes(201)), ERASED, "i-1"));
        BOUGHT.put(ERASED, Set.of("i-1", "i-2"));
        VIEWED.put(ERASED, Set.of("i-1"));
        int step = events.size() / 4 / erased.size();
        for (int i = 0; i < erased.size(); i++) {
            events.add(i * step + 1, erased.get(i));
        }
        return events;
    }

    private static String otherCustomer(Random random) {
        String customer;
        do {
            customer = "c-" + random.nextInt(CUSTOMERS);
        } while (customer.equals(ERASED));
        return customer;
    }

    @Test
    void itemSnapshots_equalAnExactRecount() {
        Map<String, TopicRecord> latest = ITEMS_SINK.latestByKey();

        for (int i = 0; i < ITEMS; i++) {
            String item = "i-" + i;
            long buyers = count(BOUGHT, item);
            long viewers = count(VIEWED, item);
            TopicRecord record = latest.get(item);
            if (buyers == 0 && viewers == 0) {
                assertThat(record == null || record.isTombstone()).as(item).isTrue();
                continue;
            }
            ItemSnapshot snapshot = Json.decode(record.value, ItemSnapshot.class);
            assertThat(snapshot.category()).isEqualTo(categoryOf(item));
            assertThat(snapshot.buyers()).as("buyers of " + item).isEqualTo(buyers);
            assertThat(snapshot.viewers()).as("viewers of " + item).isEqualTo(viewers);
            assertThat(snapshot.viewersWhoBought())
                    .as("viewers who bought " + item)
                    .isEqualTo(VIEWED.entrySet().stream()
                            .filter(e -> e.getValue().contains(item)
                                    && BOUGHT.getOrDefault(e.getKey(), Set.of()).contains(item))
                            .count());
            // counts and order only: lastIncreasedAt depends on when watermarks happened to pass
            assertThat(snapshot.neighbours())
                    .as("neighbours of " + item)
                    .extracting(CoPurchaseJobTest::countOf)
                    .containsExactlyElementsOf(neighbours(item).stream()
                            .map(CoPurchaseJobTest::countOf)
                            .toList());
        }
    }

    private static String countOf(NeighbourCount n) {
        return n.itemId() + "=" + n.coPurchases();
    }

    @Test
    void customerItems_andTotals_equalAnExactRecount() {
        Map<String, TopicRecord> latest = CUSTOMER_ITEMS_SINK.latestByKey();

        assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(BOUGHT.keySet());
        BOUGHT.forEach((customer, items) -> assertThat(
                        new TreeSet<>(Json.decode(latest.get(customer).value, CustomerItems.class)
                                .items()))
                .as(customer)
                .isEqualTo(new TreeSet<>(items)));
        TopicRecord total = TOTALS_SINK.latestByKey().get(Topics.TOTALS_KEY);
        assertThat(Json.decode(total.value, Totals.class)).isEqualTo(new Totals(BOUGHT.size()));
    }

    @Test
    void erasedCustomer_countsOnlyWhatCameAfterTheErase() {
        List<TopicRecord> erased = CUSTOMER_ITEMS_SINK.records().stream()
                .filter(r -> ERASED.equals(r.key))
                .toList();

        assertThat(erased).extracting(r -> r.isTombstone()).containsExactly(false, true, false);
        assertThat(Json.decode(erased.get(2).value, CustomerItems.class).items())
                .containsExactly("i-1", "i-2");
    }

    @Test
    void invalidEvents_goToDeadLetters_namingTheField() throws Exception {
        List<TopicRecord> letters = DEAD_LETTERS_SINK.records();

        assertThat(letters).hasSize(2);
        Map<String, String> fieldByRaw = new HashMap<>();
        for (TopicRecord letter : letters) {
            JsonNode json = Json.mapper().readTree(letter.value);
            fieldByRaw.put(json.get("raw").asText(), json.get("field").asText());
        }
        assertThat(fieldByRaw).containsOnly(Map.entry(NEGATIVE_PRICE, "items[0].price"), Map.entry(NOT_JSON, "event"));
    }

    private static long count(Map<String, Set<String>> byCustomer, String item) {
        return byCustomer.values().stream()
                .filter(items -> items.contains(item))
                .count();
    }

    private static List<NeighbourCount> neighbours(String item) {
        Map<String, Long> together = new HashMap<>();
        for (Set<String> items : BOUGHT.values()) {
            if (items.contains(item)) {
                items.stream()
                        .filter(other -> !other.equals(item))
                        .forEach(other -> together.merge(other, 1L, Long::sum));
            }
        }
        return together.entrySet().stream()
                .map(e -> new NeighbourCount(e.getKey(), e.getValue()))
                .sorted(TopNeighbours.RANKING)
                .toList();
    }

    /**
     * The co-purchase job's event time follows every valid event, not only the purchases, views and
     * erasures it counts: two purchases, then nothing but searches dated past the retention (an endless
     * source, so no end-of-input watermark can do it) expire both buyers, as they expire the profiles in
     * the profile job. Before, the searches were dropped before the watermarks and the buyers stayed.
     */
    @Test
    void searchesDatedPastTheRetention_expireTheBuyers(@InjectMiniCluster MiniCluster cluster) throws Exception {
        Instant later = MONDAY.plus(RETENTION).plus(Duration.ofDays(1));
        DataGeneratorSource<String> source = JobTestEnvironment.endless(
                List.of(
                        purchase(MONDAY, "a", "o-a", "r1", "r2"),
                        purchase(MONDAY.plusSeconds(60), "b", "o-b", "r1", "r2")),
                index -> search(later, "s", "search-" + index));
        CollectingSink items = new CollectingSink();
        CollectingSink customerItems = new CollectingSink();
        StreamExecutionEnvironment env = JobTestEnvironment.on(cluster);
        new CoPurchaseJob(
                        source,
                        items,
                        customerItems,
                        new CollectingSink(),
                        new CollectingSink(),
                        CoPurchaseSettings.DEFAULTS)
                .build(env);
        JobTestEnvironment.runUntil(
                env,
                "copurchase-event-time-test",
                () -> expired(customerItems, "a") && expired(customerItems, "b") && expired(items, "r1"));
        assertThat(customerItems.records())
                .as("both buyers first published, then deleted by the retention")
                .extracting(r -> r.key + (r.isTombstone() ? " deleted" : " items"))
                .contains("a items", "b items", "a deleted", "b deleted");
        assertThat(expired(items, "r1")).as("r1 without its buyers").isTrue();
    }

    /** Whether the last record of {@code key} deletes it (an item or customer with nothing left). */
    private static boolean expired(CollectingSink sink, String key) {
        TopicRecord last = sink.latestByKey().get(key);
        return last != null && last.isTombstone();
    }

    private static String search(Instant at, String customer, String eventId) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"search\",\"customerId\":\"" + customer
                + "\",\"timestamp\":\"" + at + "\",\"query\":\"milk\"}";
    }
}
