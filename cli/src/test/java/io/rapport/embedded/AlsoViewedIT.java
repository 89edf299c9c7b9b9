package io.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.kafka.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the real stack (KRaft broker, every job on a local Flink cluster at parallelism 2, the API):
 * views posted over HTTP appear in {@code also-viewed} with exact per-session co-view counts
 * through duplicates and an erase, a customer's personalised recommendations reflect a new
 * purchase within a second of its 202, and a customer who only viewed an item is recommended its
 * co-viewed items "because you viewed" it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlsoViewedIT {
    private static final Logger LOG = LoggerFactory.getLogger(AlsoViewedIT.class);
    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final Duration SESSION_GAP = Duration.ofMinutes(30);

    @TempDir
    static Path dataDir;

    private final RunningStack running = new RunningStack(2, CONVERGE);
    private final StackClient api = running.client();
    private int eventSeq;

    @BeforeAll
    void start() {
        running.start(dataDir);
    }

    @AfterAll
    void stop() {
        running.close();
    }

    @Test
    void viewsPostedOverHttp_appearInAlsoViewed_withExactSessionCounts_throughDuplicatesAndAnErase() throws Exception {
        Random random = new Random(11);
        Map<String, List<Set<String>>> sessions = new TreeMap<>();
        List<String> views = new ArrayList<>();
        Instant start = Instant.now().minus(Duration.ofHours(12));
        for (int c = 0; c < 12; c++) {
            String customer = "viewer-" + c;
            Instant at = start.plusSeconds(c);
            for (int s = 0; s < 1 + random.nextInt(3); s++) {
                Set<String> session = new LinkedHashSet<>();
                for (int v = 0; v < 2 + random.nextInt(4); v++) {
                    String item = "v-item " + random.nextInt(8);
                    session.add(item); // a repeated item in one session counts once
                    views.add(view(customer, item, at));
                    at = at.plus(Duration.ofMinutes(5 + random.nextInt(20)));
                }
                sessions.computeIfAbsent(customer, k -> new ArrayList<>()).add(session);
                at = at.plus(SESSION_GAP).plus(Duration.ofMinutes(1 + random.nextInt(60)));
            }
        }
        for (int i = 0; i < views.size(); i += 20) {
            assertThat(api.post(views.subList(i, Math.min(views.size(), i + 20)))
                            .statusCode())
                    .isEqualTo(202);
        }
        assertThat(api.post(views.subList(0, 25)).statusCode())
                .as("duplicates are accepted")
                .isEqualTo(202);
        assertAlsoViewedConverges(sessions);

        String erased = "viewer-3";
        assertThat(api.send("DELETE", "/v1/customers/" + erased).statusCode()).isEqualTo(202);
        sessions.remove(erased);
        assertAlsoViewedConverges(sessions);
    }

    @Test
    void personalRecommendationsReflectANewPurchase_withinOneSecondOfIts202() throws Exception {
        int trials = 10;
        List<String> seeds = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            seeds.add(purchase("seed-" + i, "fresh-x-" + i, "fresh-y-" + i));
        }
        assertThat(api.post(seeds).statusCode()).isEqualTo(202);
        for (int i = 0; i < trials; i++) {
            String x = "fresh-x-" + i;
            String y = "fresh-y-" + i;
            await().atMost(CONVERGE).until(() -> api.alsoBought(x).containsKey(y));
        }

        long[] toNeighbour = new long[trials];
        long[] toFirstChange = new long[trials];
        for (int i = 0; i < trials; i++) {
            String customer = "fresh-customer-" + i;
            String neighbour = "fresh-y-" + i;
            String path = "/v1/customers/" + customer + "/recommendations?limit=5";
            JsonNode before = Json.mapper().readTree(api.get(path).body());
            assertThat(itemIds(before)).as("before the purchase").doesNotContain(neighbour);

            HttpResponse<String> accepted = api.post(List.of(purchase(customer, "fresh-x-" + i)));
            long acceptedAt = System.nanoTime();
            assertThat(accepted.statusCode()).isEqualTo(202);
            long changed = -1;
            while (true) {
                JsonNode now = Json.mapper().readTree(api.get(path).body());
                long elapsed = (System.nanoTime() - acceptedAt) / 1_000_000;
                if (changed < 0 && !now.equals(before)) {
                    changed = elapsed;
                }
                if (itemIds(now).contains(neighbour)) {
                    assertThat(now.path("strategy").asText()).isEqualTo("personal");
                    toNeighbour[i] = elapsed;
                    toFirstChange[i] = changed;
                    break;
                }
                assertThat(elapsed)
                        .as("ms since the 202 without the purchase showing")
                        .isLessThan(10_000);
                Thread.sleep(20);
            }
        }
        LOG.info(
                "freshness purchase 202 -> recommendations: first change {} ms; bought item's neighbour recommended {} ms",
                Arrays.toString(toFirstChange),
                Arrays.toString(toNeighbour));
        assertThat(Arrays.stream(toNeighbour).max().orElseThrow())
                .as("slowest of %d purchases: ms from the 202 to recommendations that reflect it", trials)
                .isLessThanOrEqualTo(1_000);
    }

    @Test
    void customerWhoOnlyViewed_isRecommendedCoViewedItemsBecauseTheyViewed() throws Exception {
        Instant at = Instant.now().minus(Duration.ofHours(1));
        List<String> pairs = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            pairs.add(view("pair-viewer-" + c, "pv-scarf", at.plusSeconds(c)));
            pairs.add(view("pair-viewer-" + c, "pv-gloves", at.plusSeconds(60 + c)));
        }
        assertThat(api.post(pairs).statusCode()).isEqualTo(202);
        await().atMost(CONVERGE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> itemIds(Json.mapper()
                                .readTree(api.get("/v1/items/pv-scarf/also-viewed")
                                        .body()))
                        .contains("pv-gloves"));

        assertThat(api.post(List.of(view("only-viewer", "pv-scarf", Instant.now())))
                        .statusCode())
                .isEqualTo(202);

        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode answer = Json.mapper()
                    .readTree(api.get("/v1/customers/only-viewer/recommendations?limit=3")
                            .body());
            assertThat(answer.path("strategy").asText()).isEqualTo("personal");
            JsonNode first = answer.path("items").path(0);
            assertThat(first.path("itemId").asText()).isEqualTo("pv-gloves");
            assertThat(first.path("reason").asText())
                    .startsWith("because you viewed pv-scarf: viewed in the same session in ");
        });
    }

    /**
     * Waits until every item's also-viewed answer holds exactly its co-viewed items with the number
     * of sessions (of any customer) in which both were viewed.
     */
    private void assertAlsoViewedConverges(Map<String, List<Set<String>>> sessions) {
        Map<String, Map<String, Integer>> expected = new TreeMap<>();
        for (int i = 0; i < 8; i++) {
            expected.put("v-item " + i, new TreeMap<>());
        }
        for (List<Set<String>> customerSessions : sessions.values()) {
            for (Set<String> session : customerSessions) {
                for (String a : session) {
                    for (String b : session) {
                        if (!a.equals(b)) {
                            expected.get(a).merge(b, 1, Integer::sum);
                        }
                    }
                }
            }
        }
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (var e : expected.entrySet()) {
                JsonNode body = Json.mapper()
                        .readTree(api.get("/v1/items/" + StackClient.enc(e.getKey()) + "/also-viewed?limit=100")
                                .body());
                Map<String, Integer> served = new TreeMap<>();
                if ("co-view".equals(body.path("strategy").asText())) {
                    body.path("items")
                            .forEach(n -> served.put(
                                    n.path("itemId").asText(), n.path("coViews").asInt()));
                }
                assertThat(served).as("co-views of %s", e.getKey()).isEqualTo(e.getValue());
            }
        });
    }

    private static List<String> itemIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("items").forEach(n -> ids.add(n.path("itemId").asText()));
        return ids;
    }

    private String view(String customer, String item, Instant at) {
        return "{\"eventId\":\"view-it-" + (++eventSeq) + "\",\"type\":\"view\",\"customerId\":\"" + customer
                + "\",\"timestamp\":\"" + at + "\",\"items\":[{\"itemId\":\"" + item + "\",\"category\":\"test\"}]}";
    }

    private String purchase(String customer, String... items) {
        StringBuilder lines = new StringBuilder();
        for (String item : items) {
            lines.append(lines.length() == 0 ? "" : ",")
                    .append("{\"itemId\":\"")
                    .append(item)
                    .append("\",\"category\":\"test\",\"price\":1.5,\"quantity\":1}");
        }
        int seq = ++eventSeq;
        return "{\"eventId\":\"fresh-it-" + seq + "\",\"type\":\"purchase\",\"customerId\":\"" + customer
                + "\",\"timestamp\":\"" + Instant.now() + "\",\"orderId\":\"o-" + seq + "\",\"items\":[" + lines + "]}";
    }
}
