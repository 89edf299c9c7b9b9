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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The end-to-end tests' view of a running API: plain HTTP calls, and the check that every count it
 * serves equals an exact recount of what customers bought.
 */
final class StackClient {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Supplier<String> baseUrl;

    /** @param baseUrl the API's base URL, asked again for every call (it changes across restarts) */
    StackClient(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    HttpResponse<String> post(List<String> events) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(baseUrl.get() + "/v1/events"))
                        .timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", events) + "]"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON body sent with {@code method} (e.g. {@code PUT /v1/offers}). */
    HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(baseUrl.get() + path))
                        .timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path);
    }

    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(baseUrl.get() + path))
                        .timeout(Duration.ofSeconds(5))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Neighbour → coPurchases served for an item; empty unless the answer is a co-purchase one. */
    Map<String, Integer> alsoBought(String item) throws IOException, InterruptedException {
        JsonNode body = Json.mapper()
                .readTree(
                        get("/v1/items/" + enc(item) + "/also-bought?limit=100").body());
        Map<String, Integer> served = new TreeMap<>();
        if ("co-purchase".equals(body.path("strategy").asText())) {
            body.path("items")
                    .forEach(n -> served.put(
                            n.path("itemId").asText(), n.path("coPurchases").asInt()));
        }
        return served;
    }

    /**
     * Waits until every item's {@code purchases} and every served {@code coPurchases} equal an exact
     * recount of {@code bought} (customer → items they bought).
     */
    void assertCountsConverge(Map<String, Set<String>> bought, Duration within) {
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
        await().atMost(within).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (var e : buyers.entrySet()) {
                JsonNode stats = Json.mapper()
                        .readTree(get("/v1/items/" + enc(e.getKey()) + "/stats").body());
                assertThat(stats.path("purchases").asInt())
                        .as("purchases of %s", e.getKey())
                        .isEqualTo(e.getValue());
                assertThat(alsoBought(e.getKey()))
                        .as("co-purchases of %s", e.getKey())
                        .isEqualTo(pairs.getOrDefault(e.getKey(), Map.of()));
            }
        });
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
