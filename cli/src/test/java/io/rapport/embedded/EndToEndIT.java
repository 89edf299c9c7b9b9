package io.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.kafka.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole spine with real components: a KRaft broker, the co-purchase job on a local Flink
 * cluster (parallelism 2) and the API, talking only through Kafka. Every count the API serves is
 * compared with an exact recount of the events the test posted.
 */
class EndToEndIT {
    private static final Logger LOG = LoggerFactory.getLogger(EndToEndIT.class);
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Set<String>> bought = new TreeMap<>();
    private EmbeddedStack stack;
    private int eventSeq;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private void start() {
        stack = EmbeddedStack.start(new StackConfig(dataDir, 0, Ports.free(), 2, 2));
        await().atMost(CONVERGE).until(() -> get("/health/ready").statusCode() == 200);
    }

    @Test
    void countsEqualAnExactRecount_throughDuplicatesBadBatchesErasesAndARestart() throws Exception {
        start();
        List<String> purchases = randomPurchases(new Random(7), 40, 12, 90);
        for (int i = 0; i < purchases.size(); i += 25) {
            assertThat(post(purchases.subList(i, Math.min(purchases.size(), i + 25))).statusCode()).isEqualTo(202);
        }
        assertThat(post(purchases.subList(0, 30)).statusCode()).as("duplicates are accepted").isEqualTo(202);
        assertCountsConverge();

        String bad = "{\"eventId\":\"bad-1\",\"type\":\"purchase\",\"timestamp\":\"" + Instant.now() + "\","
                + "\"orderId\":\"o\",\"items\":[{\"itemId\":\"never-counted\",\"price\":1,\"quantity\":1}]}";
        HttpResponse<String> refused = post(List.of(purchase("c-new", "never-counted-2"), bad));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("events[1].customerId");

        String erased = bought.keySet().iterator().next();
        assertThat(send("DELETE", "/v1/customers/" + enc(erased)).statusCode()).isEqualTo(202);
        bought.remove(erased);
        assertCountsConverge();
        assertThat(get("/v1/items/never-counted-2/stats").statusCode()).isEqualTo(404);

        stack.close();
        stack = null;
        start();
        assertCountsConverge();
        // Duplicates count once, and the erased customer's earlier events stay erased.
        assertThat(post(purchases).statusCode()).as("replaying everything after a restart").isEqualTo(202);
        // A later purchase by every customer, the erased one included, lands behind the replayed
        // events of the same customer (same key, same partition), so converging on it proves the
        // replay was processed: counted once, and nothing of the erased customer's past came back.
        List<String> sentinels = new ArrayList<>();
        for (String customer : new TreeSet<>(Set.copyOf(bought.keySet()))) {
            sentinels.add(purchase(customer, "sentinel"));
        }
        sentinels.add(purchase(erased, "sentinel"));
        sentinels.forEach(this::record);
        assertThat(post(sentinels).statusCode()).isEqualTo(202);
        assertCountsConverge();
    }

    @Test
    void aPurchaseBecomesVisibleInAlsoBoughtWithinASecond() throws Exception {
        start();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String a = "fresh-a-" + i;
            String b = "fresh-b-" + i;
            long t0 = System.nanoTime();
            assertThat(post(List.of(purchase("fresh-c-" + i, a, b))).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> alsoBought(a).containsKey(b));
            millis.add((System.nanoTime() - t0) / 1_000_000);
        }
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        LOG.info("freshness purchase -> also-bought over {} purchases: p50 {} ms, max {} ms, all {}",
                sorted.length, sorted[sorted.length / 2], sorted[sorted.length - 1], Arrays.toString(sorted));
        assertThat(sorted[sorted.length / 2]).as("median freshness, ms").isLessThan(1000);
    }

    private void assertCountsConverge() {
        Map<String, Integer> buyers = new TreeMap<>();
        Map<String, Map<String, Integer>> pairs = new TreeMap<>();
        for (Set<String> items : bought.values()) {
            for (String a : items) {
                buyers.merge(a, 1, Integer::sum);
                for (String b : items) {
                    if (!a.equals(b)) {
                        pairs.computeIfAbsent(a, k -> new TreeMap<>()).merge(b, 1, Integer::sum);
                    }
                }
            }
        }
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (var e : buyers.entrySet()) {
                JsonNode stats = Json.mapper().readTree(get("/v1/items/" + enc(e.getKey()) + "/stats").body());
                assertThat(stats.path("purchases").asInt()).as("purchases of %s", e.getKey()).isEqualTo(e.getValue());
                Map<String, Integer> served = alsoBought(e.getKey());
                assertThat(served).as("co-purchases of %s", e.getKey())
                        .isEqualTo(pairs.getOrDefault(e.getKey(), Map.of()));
            }
        });
    }

    private Map<String, Integer> alsoBought(String item) throws IOException, InterruptedException {
        JsonNode body = Json.mapper().readTree(get("/v1/items/" + enc(item) + "/also-bought?limit=100").body());
        Map<String, Integer> served = new TreeMap<>();
        if ("co-purchase".equals(body.path("strategy").asText())) {
            body.path("items").forEach(n -> served.put(n.path("itemId").asText(), n.path("coPurchases").asInt()));
        }
        return served;
    }

    private List<String> randomPurchases(Random random, int customers, int items, int orders) {
        List<String> events = new ArrayList<>();
        for (int o = 0; o < orders; o++) {
            String customer = "c-" + random.nextInt(customers);
            Set<String> basket = new TreeSet<>();
            int size = 1 + random.nextInt(4);
            while (basket.size() < size) {
                basket.add("item " + random.nextInt(items));
            }
            events.add(purchase(customer, basket.toArray(String[]::new)));
        }
        events.forEach(this::record);
        return events;
    }

    private void record(String purchaseJson) {
        try {
            JsonNode e = Json.mapper().readTree(purchaseJson);
            Set<String> items = bought.computeIfAbsent(e.path("customerId").asText(), k -> new TreeSet<>());
            e.path("items").forEach(i -> items.add(i.path("itemId").asText()));
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private String purchase(String customer, String... items) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", "it-" + (++eventSeq));
        event.put("type", "purchase");
        event.put("customerId", customer);
        event.put("timestamp", Instant.now().toString());
        event.put("orderId", "o-" + eventSeq);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String item : items) {
            Map<String, Object> line = new HashMap<>();
            line.put("itemId", item);
            line.put("category", "test");
            line.put("price", 1.5);
            line.put("quantity", 1);
            lines.add(line);
        }
        event.put("items", lines);
        return new String(Json.encode(event), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(List<String> events) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/v1/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", events) + "]"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path);
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
