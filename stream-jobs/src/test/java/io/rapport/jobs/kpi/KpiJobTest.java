package io.rapport.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.event.EventType;
import io.rapport.jobs.kafka.TopicRecord;
import io.rapport.jobs.testing.CollectingSink;
import io.rapport.jobs.testing.JobTestEnvironment;
import io.rapport.kafka.Json;
import io.rapport.kpi.KpiPane;
import io.rapport.kpi.PaneSize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
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
 * The whole job on a MiniCluster at parallelism 2 (Kryo disabled) over ~900 events with duplicates,
 * invalid ones and three erases; every published pane equals a brute-force recount of the same
 * events without the erased customers' (an erase is dated after all of its customer's events, so
 * whichever split delivers it first, their events count for nothing once it has been processed).
 *
 * <p>Kafka keeps one customer's events in order, and the test source reads the first half of the
 * list in order in one split; so the customers whose outcome depends on order (offer exposures then
 * purchases, recommendation clicks then purchases) have their events there, in time order. The
 * other events are shuffled across both splits.
 */
class KpiJobTest extends KpiTestBase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final CollectingSink PANES = new CollectingSink();
    private static final List<String> ERASED = List.of("h-0", "r-2", "c-5");
    private static final List<String> EVENTS = new ArrayList<>();

    @BeforeAll
    static void runJob(@InjectMiniCluster MiniCluster cluster) throws Exception {
        EVENTS.addAll(history(new Random(7)));
        DataGeneratorSource<String> source = JobTestEnvironment.source(EVENTS);
        StreamExecutionEnvironment env = JobTestEnvironment.on(cluster);
        new KpiJob(source, PANES, KpiSettings.DEFAULTS).build(env);
        env.execute("kpi-test");
    }

    private static List<String> history(Random random) {
        List<String> ordered = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String customer = "h-" + i;
            String offer = "o-" + (i % 3);
            int start = random.nextInt(2000);
            ordered.add(impression("x-" + i, customer, at(start), offer, i % 4 == 0));
            ordered.add(impression("y-" + i, customer, at(start + 3), offer, i % 4 == 0));
            if (i % 3 != 1) {
                ordered.add(purchase("z-" + i, customer, at(start + 5 + random.nextInt(100)), "hz-" + i, 4.5, "i-1"));
            }
        }
        for (int i = 0; i < 30; i++) {
            String customer = "r-" + i;
            int start = random.nextInt(2000);
            ordered.add(recommendationImpression("ri-" + i, customer, at(start)));
            ordered.add(recommendationClick("rc-" + i, customer, at(start + 1), "i-" + (i % 5)));
            int after = i % 2 == 0 ? 10 : 30 * 60;
            ordered.add(purchase("rp-" + i, customer, at(start + after), "ro-" + i, 2.25, "i-" + (i % 5), "i-9"));
        }
        ordered.add(1, ordered.get(0)); // an immediate duplicate keeps the order
        // the same order resent under new eventIds, with a line more: counts nothing
        ordered.add(purchase("z-0-resent", "h-0", at(4000), "hz-0", 4.5, "i-1", "i-2"));
        ordered.add(purchase("rp-1-resent", "r-1", at(4001), "ro-1", 2.25, "i-1"));

        List<String> shuffled = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String customer = "c-" + random.nextInt(80);
            int minute = random.nextInt(3000);
            String id = "s-" + i;
            shuffled.add(
                    switch (i % 7) {
                        case 0, 1 -> view(id, customer, at(minute), "i-" + random.nextInt(20));
                        case 2 -> addToCart(id, customer, at(minute), "i-" + random.nextInt(20));
                        case 3 ->
                            purchase(id, customer, at(minute), "so-" + i, 0.5 + random.nextInt(40) / 4.0, "i-1", "i-2");
                        case 4 -> click(id, customer, at(minute), "o-" + random.nextInt(3));
                        case 5 -> redeem(id, customer, at(minute), "o-" + random.nextInt(3));
                        default -> feedback(id, customer, at(minute), 1 + random.nextInt(5));
                    });
        }
        for (int i = 0; i < 40; i++) {
            shuffled.add(shuffled.get(random.nextInt(shuffled.size())));
        }
        shuffled.add("{\"eventId\":\"bad\",\"type\":\"view\"}");
        Collections.shuffle(shuffled, random);
        List<String> all = new ArrayList<>(ordered);
        all.addAll(shuffled);
        // customers erased after all their events: a converted treated one, an attributed buyer, a random one
        for (String customer : ERASED) {
            all.add(erase("erase-" + customer, customer, at(4100)));
        }
        return all;
    }

    @Test
    void everyPane_ofEverySize_equalsABruteForceRecount() {
        Map<String, KpiPane> expected = new HashMap<>();
        for (PaneSize size : PaneSize.values()) {
            recount(size).forEach((start, pane) -> expected.put(size.key(start), pane));
        }
        Map<String, KpiPane> actual = new HashMap<>();
        for (TopicRecord r : PANES.latestByKey().values()) {
            if (!r.isTombstone()) { // a pane whose counts all came from erased customers
                actual.put(r.key, Json.decode(r.value, KpiPane.class));
            }
        }
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(actual.keySet()).anyMatch(k -> k.endsWith("/PT1H")).anyMatch(k -> k.endsWith("/P1D"));
        expected.forEach(
                (key, pane) -> assertThat(actual.get(key)).as("pane " + key).isEqualTo(pane));
    }

    private static Map<Long, KpiPane> recount() {
        return recount(PaneSize.MINUTE);
    }

    @Test
    void conversionsAndAttribution_happened() {
        long converted = recount().values().stream()
                .flatMap(p -> p.offers().values().stream())
                .mapToLong(o -> o.getOrDefault(KpiPane.OFFER_TREATED_CONVERTED, 0L)
                        + o.getOrDefault(KpiPane.OFFER_HOLDOUT_CONVERTED, 0L))
                .sum();
        long attributed = recount().values().stream()
                .mapToLong(p -> p.count(KpiPane.ATTRIBUTED_REVENUE_MICROS))
                .sum();
        assertThat(converted).isEqualTo(40 - 1); // h-0 erased
        long repeatBuyers = recount().values().stream()
                .flatMap(p -> p.buyers().entrySet().stream())
                .filter(b -> !b.getKey().equals(KpiPane.NO_PREVIOUS_PURCHASE))
                .mapToLong(Map.Entry::getValue)
                .sum();
        assertThat(repeatBuyers).as("customers buying in more than one pane").isPositive();
        assertThat(attributed).isEqualTo((15 - 1) * 2_250_000L); // r-2 erased
    }

    /**
     * Counts the distinct valid events from scratch into panes of {@code size}, each customer's
     * events in time order; a previous purchase more than the size's key horizon before is "none".
     */
    private static Map<Long, KpiPane> recount(PaneSize size) {
        Map<String, KpiEvent> unique = new LinkedHashMap<>();
        for (String json : EVENTS) {
            if (!json.contains("\"bad\"")) {
                KpiEvent e = event(json);
                unique.putIfAbsent(e.eventId, e);
            }
        }
        Map<Long, Map<String, Long>> events = new HashMap<>();
        Map<Long, Map<String, Long>> counts = new HashMap<>();
        Map<Long, Map<String, Map<String, Long>>> offers = new HashMap<>();
        Map<Long, Map<String, Long>> buyers = new HashMap<>();
        Map<String, List<KpiEvent>> byCustomer = new HashMap<>();
        unique.values()
                .forEach(e -> byCustomer
                        .computeIfAbsent(e.customerId, c -> new ArrayList<>())
                        .add(e));
        for (String customer : ERASED) { // erased after all their events: only the erase is left
            byCustomer.get(customer).removeIf(e -> e.type != EventType.ERASE);
        }
        for (List<KpiEvent> history : byCustomer.values()) {
            history.sort(Comparator.comparingLong(e -> e.timestamp));
            Map<String, long[]> firstExposure = new HashMap<>(); // offer -> {time, holdout, converted}
            Map<String, Long> clicks = new HashMap<>();
            Set<String> orders = new HashSet<>();
            Long lastPurchasePane = null;
            for (KpiEvent e : history) {
                if (e.type == EventType.PURCHASE && !orders.add(e.orderId)) {
                    continue; // the same order resent under another eventId
                }
                long p = size.start(e.timestamp);
                if (!e.holdout) { // a holdout marker is no event of the customer's
                    events.computeIfAbsent(p, k -> new HashMap<>()).merge(e.type.wireName(), 1L, Long::sum);
                }
                Map<String, Long> c = counts.computeIfAbsent(p, k -> new HashMap<>());
                if (e.type == EventType.VIEW) {
                    c.merge(KpiPane.VIEWS, 1L, Long::sum);
                } else if (e.type == EventType.ADD_TO_CART) {
                    c.merge(KpiPane.ADD_TO_CARTS, 1L, Long::sum);
                } else if (e.type == EventType.FEEDBACK) {
                    c.merge(KpiPane.FEEDBACK, 1L, Long::sum);
                    c.merge(KpiPane.RATING_SUM, (long) e.rating, Long::sum);
                } else if (e.type == EventType.PURCHASE) {
                    c.merge(KpiPane.PURCHASES, 1L, Long::sum);
                    if (lastPurchasePane == null || lastPurchasePane != p) {
                        String previous = lastPurchasePane == null || lastPurchasePane < p - size.keyHorizon()
                                ? KpiPane.NO_PREVIOUS_PURCHASE
                                : Instant.ofEpochMilli(lastPurchasePane).toString();
                        buyers.computeIfAbsent(p, k -> new HashMap<>()).merge(previous, 1L, Long::sum);
                        lastPurchasePane = p;
                    }
                    c.merge(KpiPane.ORDERS, 1L, Long::sum);
                    for (int i = 0; i < e.itemIds.length; i++) {
                        c.merge(KpiPane.REVENUE_MICROS, e.lineMicros[i], Long::sum);
                        Long click = clicks.get(e.itemIds[i]);
                        if (click != null && e.timestamp - click <= 24 * 60 * MINUTE) {
                            c.merge(KpiPane.ATTRIBUTED_REVENUE_MICROS, e.lineMicros[i], Long::sum);
                        }
                    }
                    long revenue = java.util.Arrays.stream(e.lineMicros).sum();
                    firstExposure.forEach((offer, x) -> {
                        if (x[2] == 0 && e.timestamp - x[3] < 7 * 24 * 60 * MINUTE) {
                            x[2] = 1;
                            offerCount(
                                    offers,
                                    x[0],
                                    offer,
                                    x[1] == 1 ? KpiPane.OFFER_HOLDOUT_CONVERTED : KpiPane.OFFER_TREATED_CONVERTED);
                            if (x[1] == 0 && revenue > 0) {
                                offers.get(x[0])
                                        .get(offer)
                                        .merge(KpiPane.OFFER_CONVERTED_REVENUE_MICROS, revenue, Long::sum);
                            }
                        }
                    });
                } else if (e.recommendation) {
                    boolean click = e.type == EventType.OFFER_CLICK;
                    c.merge(click ? KpiPane.RECOMMENDATION_CLICKS : KpiPane.RECOMMENDATION_IMPRESSIONS, 1L, Long::sum);
                    if (click) {
                        clicks.put(e.itemId, e.timestamp);
                    }
                } else if (e.type == EventType.OFFER_CLICK) {
                    offerCount(offers, p, e.offerId, KpiPane.OFFER_CLICKS);
                } else if (e.type == EventType.OFFER_REDEEM) {
                    offerCount(offers, p, e.offerId, KpiPane.OFFER_REDEMPTIONS);
                } else if (e.type == EventType.OFFER_IMPRESSION) {
                    if (!e.holdout) {
                        offerCount(offers, p, e.offerId, KpiPane.OFFER_IMPRESSIONS);
                    }
                    if (!firstExposure.containsKey(e.offerId)) {
                        firstExposure.put(e.offerId, new long[] {p, e.holdout ? 1 : 0, 0, e.timestamp});
                        offerCount(offers, p, e.offerId, e.holdout ? KpiPane.OFFER_HOLDOUT : KpiPane.OFFER_TREATED);
                    }
                }
            }
        }
        Map<Long, KpiPane> panes = new HashMap<>();
        Set<Long> starts = new HashSet<>(events.keySet());
        starts.addAll(offers.keySet()); // a pane of holdout markers alone has offer counts, no events
        for (Long p : starts) {
            Map<String, Long> c = counts.getOrDefault(p, new HashMap<>());
            c.values().removeIf(v -> v == 0);
            panes.put(
                    p,
                    new KpiPane(
                            p,
                            events.getOrDefault(p, Map.of()),
                            c,
                            offers.getOrDefault(p, Map.of()),
                            buyers.getOrDefault(p, Map.of()),
                            size.millis()));
        }
        return panes;
    }

    private static void offerCount(
            Map<Long, Map<String, Map<String, Long>>> offers, long pane, String offer, String name) {
        offers.computeIfAbsent(pane, k -> new HashMap<>())
                .computeIfAbsent(offer, k -> new HashMap<>())
                .merge(name, 1L, Long::sum);
    }
}
