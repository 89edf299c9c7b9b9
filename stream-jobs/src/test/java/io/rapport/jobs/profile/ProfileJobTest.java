package io.rapport.jobs.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.jobs.testing.CollectingSink;
import io.rapport.jobs.testing.JobTestEnvironment;
import io.rapport.kafka.Json;
import io.rapport.profile.CartLine;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.JourneyRules;
import io.rapport.profile.RecentItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * The whole job on a MiniCluster at parallelism 2 (Kryo disabled) over about 1,000 events of 40
 * customers, with duplicates, resent orders, invalid events and two erasures, compared with a
 * brute-force model of each customer. Kafka keeps one customer's events in order; here each
 * customer's events lie, in time order, in one half of the input, which one source split reads.
 */
class ProfileJobTest extends ProfileTestBase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final int CUSTOMERS = 40;
    private static final int ITEMS = 20;
    /** Erased, then active again: only what came after the erase counts. */
    private static final String RETURNING = "c-3";
    /** Erased for good: their last record is a tombstone. */
    private static final String GONE = "c-8";

    private static final Map<String, Expected> EXPECTED = new LinkedHashMap<>();
    private static final CollectingSink PROFILES = new CollectingSink();

    /** The brute-force model of one customer, fed the same events in the same order. */
    private static final class Expected {
        final Set<String> seen = new HashSet<>();
        final Map<String, Integer> cart = new LinkedHashMap<>();
        final List<RecentItem> recent = new ArrayList<>();
        long firstSeen = Long.MAX_VALUE;
        long lastSeen;
        int orders;
        long items;
        double monetary;
        Long lastPurchaseAt;
        boolean browsed;
        int feedback;
        boolean erased;

        void reset() {
            seen.clear();
            cart.clear();
            recent.clear();
            firstSeen = Long.MAX_VALUE;
            lastSeen = 0;
            orders = 0;
            items = 0;
            monetary = 0;
            lastPurchaseAt = null;
            browsed = false;
            feedback = 0;
        }

        /** Applies an event unless its eventId or orderId was seen; returns whether it counted. */
        boolean count(String eventId, String orderId, Instant at) {
            if (!seen.add("e:" + eventId) || orderId != null && !seen.add("o:" + orderId)) {
                return false;
            }
            erased = false;
            firstSeen = Math.min(firstSeen, at.toEpochMilli());
            lastSeen = Math.max(lastSeen, at.toEpochMilli());
            return true;
        }
    }

    @BeforeAll
    static void runJob(@InjectMiniCluster MiniCluster cluster) throws Exception {
        List<String> events = history(new Random(7));
        DataGeneratorSource<String> source = JobTestEnvironment.source(events);

        StreamExecutionEnvironment env = JobTestEnvironment.on(cluster);
        new ProfileJob(source, PROFILES, ProfileSettings.DEFAULTS).build(env);
        env.execute("profile-test");
    }

    /**
     * Even customers fill the first half, odd ones the second, each half in time order; the shorter
     * half is padded with invalid events so that the halves are exactly equal.
     */
    private static List<String> history(Random random) {
        List<List<String>> halves = List.of(new ArrayList<>(), new ArrayList<>());
        for (int minute = 0; minute < 600; minute++) {
            for (int c = 0; c < CUSTOMERS; c++) {
                if (random.nextInt(20) == 0) {
                    String customer = "c-" + c;
                    Instant at = MONDAY.plus(Duration.ofMinutes(minute)).plusSeconds(c);
                    halves.get(c % 2).addAll(step(customer, at, minute, random));
                }
            }
        }
        erase(halves.get(1), RETURNING, MONDAY.plus(Duration.ofMinutes(300)));
        halves.get(0).add(erase(MONDAY.plus(Duration.ofMinutes(700)), GONE));
        EXPECTED.get(GONE).erased = true;
        while (halves.get(0).size() != halves.get(1).size()) {
            halves.get(halves.get(0).size() < halves.get(1).size() ? 0 : 1).add("{\"eventId\":");
        }
        List<String> events = new ArrayList<>(halves.get(0));
        events.addAll(halves.get(1));
        return events;
    }

    /** One random step of a customer, with its duplicates; applies it to the model. */
    private static List<String> step(String customer, Instant at, int minute, Random random) {
        Expected e = EXPECTED.computeIfAbsent(customer, c -> new Expected());
        String item = "i-" + random.nextInt(ITEMS);
        String json;
        int kind = random.nextInt(10);
        if (kind < 3) {
            json = view(at, customer, item);
            if (e.count("view-" + customer + "-" + item + "-" + at.toEpochMilli(), null, at)) {
                e.browsed = true;
                e.recent.add(new RecentItem(item, categoryOf(item), "view", at.toEpochMilli(), PRICE));
            }
        } else if (kind < 5) {
            json = addToCart(at, customer, item);
            if (e.count("add_to_cart-" + customer + "-" + item + "-" + at.toEpochMilli(), null, at)) {
                e.browsed = true;
                e.cart.merge(item, 1, Integer::sum);
                e.recent.add(new RecentItem(item, categoryOf(item), "add_to_cart", at.toEpochMilli(), PRICE));
            }
        } else if (kind == 5) {
            json = removeFromCart(at, customer, item);
            if (e.count("remove_from_cart-" + customer + "-" + item + "-" + at.toEpochMilli(), null, at)) {
                e.browsed = true;
                e.cart.computeIfPresent(item, (i, units) -> units > 1 ? units - 1 : null); // one unit by default
            }
        } else if (kind < 8) {
            String orderId = customer + "-o" + minute;
            String other = "i-" + random.nextInt(ITEMS);
            int quantity = 1 + random.nextInt(3);
            json = purchase(at, customer, orderId, item + "*" + quantity, other);
            if (e.count("purchase-" + orderId, orderId, at)) {
                e.orders++;
                e.items += quantity + 1;
                e.monetary += PRICE * (quantity + 1);
                e.lastPurchaseAt = at.toEpochMilli();
                e.cart.remove(item);
                e.cart.remove(other);
                e.recent.add(new RecentItem(item, categoryOf(item), "purchase", at.toEpochMilli(), PRICE));
                e.recent.add(new RecentItem(other, categoryOf(other), "purchase", at.toEpochMilli(), PRICE));
            }
            if (random.nextBoolean()) {
                return List.of(json, purchaseWithId("resent-" + orderId, at.plusMillis(1), customer, orderId, item));
            }
        } else if (kind == 8) {
            json = feedback(at, customer, 1 + random.nextInt(5), null);
            if (e.count("feedback-" + customer + "-" + at.toEpochMilli(), null, at)) {
                e.feedback++;
            }
        } else {
            json = search(at, customer);
            if (e.count("search-" + customer + "-" + at.toEpochMilli(), null, at)) {
                e.browsed = true;
            }
        }
        return random.nextInt(8) == 0 ? List.of(json, json) : List.of(json);
    }

    /** Erases {@code customer} at {@code at} within its half, then replays its first event there. */
    private static void erase(List<String> half, String customer, Instant at) {
        int position = 0;
        while (position < half.size() && timeOf(half.get(position)).isBefore(at)) {
            position++;
        }
        String first = half.stream()
                .filter(json -> json.contains("\"customerId\":\"" + customer + "\""))
                .findFirst()
                .orElseThrow();
        half.add(position, erase(at, customer));
        half.add(position + 1, first);
        Expected rebuilt = new Expected();
        EXPECTED.put(customer, rebuilt);
        Random replay = new Random(99);
        for (int i = position + 2; i < half.size(); i++) {
            if (half.get(i).contains("\"customerId\":\"" + customer + "\"")) {
                half.remove(i);
                i--;
            }
        }
        for (int minute = 301; minute < 600; minute += 7) {
            Instant next = MONDAY.plus(Duration.ofMinutes(minute)).plusSeconds(3);
            List<String> step = step(customer, next, minute, replay);
            int index = 0;
            while (index < half.size() && !timeOf(half.get(index)).isAfter(next)) {
                index++;
            }
            half.addAll(index, step);
        }
        assertThat(rebuilt.orders).as("the returning customer buys again").isPositive();
    }

    private static Instant timeOf(String json) {
        int start = json.indexOf("\"timestamp\":\"") + 13;
        return Instant.parse(json.substring(start, json.indexOf('"', start)));
    }

    @Test
    void everyProfile_equalsTheBruteForceModel() {
        Map<String, TopicRecord> latest = PROFILES.latestByKey();
        JourneyRules rules = ProfileSettings.DEFAULTS.journey();

        assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        EXPECTED.forEach((customer, e) -> {
            if (e.erased) {
                return;
            }
            CustomerProfile p = Json.decode(latest.get(customer).value, CustomerProfile.class);
            assertThat(p.customerId()).isEqualTo(customer);
            assertThat(p.orders()).as(customer + " orders").isEqualTo(e.orders);
            assertThat(p.itemsBought()).as(customer + " items").isEqualTo(e.items);
            assertThat(p.monetary()).as(customer + " monetary").isCloseTo(e.monetary, within(1e-9));
            assertThat(p.aov()).isCloseTo(e.orders == 0 ? 0 : e.monetary / e.orders, within(1e-9));
            assertThat(p.lastPurchaseAt()).isEqualTo(e.lastPurchaseAt);
            assertThat(p.firstSeen()).isEqualTo(e.firstSeen);
            assertThat(p.lastSeen()).isEqualTo(e.lastSeen);
            assertThat(p.cart())
                    .as(customer + " cart")
                    .extracting(CartLine::itemId, CartLine::quantity)
                    .containsExactlyElementsOf(e.cart.entrySet().stream()
                            .map(c -> tuple(c.getKey(), c.getValue()))
                            .toList());
            assertThat(p.feedback().count()).isEqualTo(e.feedback);
            List<RecentItem> newestArrivalFirst = new ArrayList<>(e.recent);
            Collections.reverse(newestArrivalFirst);
            assertThat(p.recentItems())
                    .as(customer + " recent items")
                    .containsExactlyElementsOf(newestArrivalFirst.stream()
                            .sorted(Comparator.comparingLong(RecentItem::at).reversed())
                            .limit(ProfileSettings.DEFAULTS.recentItems())
                            .toList());
            assertThat(p.journeyStage())
                    .as(customer + " stage")
                    .isEqualTo(rules.stage(e.orders, !e.cart.isEmpty(), e.browsed, e.lastSeen, e.lastSeen));
        });
    }

    @Test
    void erasedCustomers_areTombstoned_orStartAgainAfterTheErase() {
        assertThat(PROFILES.latestByKey().get(GONE).isTombstone()).isTrue();

        List<TopicRecord> returning =
                PROFILES.records().stream().filter(r -> RETURNING.equals(r.key)).toList();
        assertThat(returning).extracting(TopicRecord::isTombstone).contains(true);
        CustomerProfile after = Json.decode(returning.get(returning.size() - 1).value, CustomerProfile.class);
        assertThat(after.firstSeen())
                .isGreaterThan(MONDAY.plus(Duration.ofMinutes(300)).toEpochMilli());
    }
}
