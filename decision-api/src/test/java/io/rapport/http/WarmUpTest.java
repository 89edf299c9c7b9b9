package io.rapport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.api.ApiConfig;
import io.rapport.api.DecisionApi;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.http.security.ApiKeys;
import io.rapport.http.security.SecurityConfig;
import io.rapport.profile.JourneyStage;
import io.rapport.store.Views;
import io.rapport.testing.Profiles;
import io.rapport.testing.RecordingPublisher;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WarmUp}: the API's own reads before readiness, over its real router — none of them timed into
 * {@code /metrics}, none spending keys or the rate limit, and the header without the process's token
 * worth nothing.
 */
class WarmUpTest {
    private static final String CLIENT = "client-key-0123456789";
    private static final String ADMIN = "admin-key-0123456789ab";

    private final Vertx vertx = Vertx.vertx();
    private final Views views = Views.empty();
    private final HttpClient http = HttpClient.newHttpClient();
    private DecisionApi api;

    @AfterEach
    void close() throws Exception {
        if (api != null) {
            api.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private void start(SecurityConfig security) throws Exception {
        views.items()
                .put(new ItemSnapshot("whole milk", "dairy", 12, 0, 0, List.of(new NeighbourCount("bread", 7)), 0));
        views.items()
                .put(new ItemSnapshot("bread", "bakery", 9, 0, 0, List.of(new NeighbourCount("whole milk", 7)), 0));
        views.profiles().put(Profiles.buyer("c 1", 2, 20, 3, JourneyStage.REPEAT));
        api = DecisionApi.start(vertx, ApiConfig.of(0, null), views, new RecordingPublisher(), security)
                .toCompletionStage()
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(String path, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (header != null) {
            request.header(header, value);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void paths_cycleThroughTheReadRoutes_overTheMostBoughtItemsAndUnknownOnes_withIdsPercentEncoded() {
        views.items().put(new ItemSnapshot("bread", "bakery", 9, 0, 0, List.of(), 0));
        views.items().put(new ItemSnapshot("whole milk", "dairy", 12, 0, 0, List.of(), 0));
        views.profiles().put(Profiles.buyer("c 1", 2, 20, 3, JourneyStage.REPEAT));

        assertThat(WarmUp.paths(views, 8))
                .containsExactly(
                        "/v1/items/whole%20milk/also-bought?limit=10",
                        "/v1/customers/c%201/recommendations?limit=10",
                        "/v1/items/whole%20milk/also-bought?limit=10&customerId=c%201",
                        "/v1/customers/c%201/profile",
                        "/v1/items/whole%20milk/also-viewed?limit=10",
                        "/v1/items/whole%20milk/stats",
                        "/v1/items/bread/also-bought?limit=10",
                        "/v1/customers/warm-up-customer/recommendations?limit=10");
        assertThat(WarmUp.paths(Views.empty(), 2))
                .as("invented ids on empty views: the fallbacks get warm")
                .containsExactly(
                        "/v1/items/warm-up-item/also-bought?limit=10",
                        "/v1/customers/warm-up-customer/recommendations?limit=10");
        assertThat(WarmUp.paths(views, 100))
                .noneMatch(p -> p.contains("next-best-actions"))
                .anyMatch(p -> p.startsWith("/v1/items/warm-up-item-1/"));
    }

    @Test
    void aWarmUp_answersItsReads_withoutTimingThemIntoTheMetrics() throws Exception {
        start(SecurityConfig.OPEN);

        WarmUp.Summary summary = api.warmUp();

        assertThat(summary.requests())
                .as("all of them, unless its time ran out on a busy machine")
                .isBetween(100, WarmUp.REQUESTS);
        assertThat(summary.statuses()).as("unknown ids: 404s").containsOnlyKeys(200, 404);
        String metrics = get("/metrics", null, null).body();
        assertThat(metrics)
                .as("the reads went through the handlers, their caches")
                .contains("cache_gets_total{cache=\"also-bought\",result=\"hit\"}")
                .doesNotContain("rapport_http_server_requests_seconds_count")
                .doesNotContain("route=\"/v1/items/:itemId/also-bought\"")
                .doesNotContain("route=\"/v1/customers/:customerId/profile\"");
        // a client's read afterwards is timed as ever
        assertThat(get("/v1/items/bread/also-bought", null, null).statusCode()).isEqualTo(200);
        assertThat(get("/metrics", null, null).body())
                .contains("rapport_http_server_requests_seconds_count{method=\"GET\","
                        + "route=\"/v1/items/:itemId/also-bought\",status=\"200\"} 1\n");
    }

    @Test
    void aWarmUp_passesKeysAndTheRateLimit_butTheHeaderWithoutTheToken_isWorthNothing() throws Exception {
        start(SecurityConfig.OPEN
                .withKeys(ApiKeys.of(List.of(CLIENT), List.of(ADMIN)))
                .withRateLimit(1, 2)); // two unauthenticated requests below, one with the client's key

        WarmUp.Summary summary = api.warmUp();

        assertThat(summary.requests())
                .as("all of them, unless its time ran out on a busy machine")
                .isBetween(100, WarmUp.REQUESTS);
        assertThat(summary.statuses()).containsOnlyKeys(200, 404);
        assertThat(get("/v1/items/bread/also-bought", WarmUp.HEADER, "0".repeat(32))
                        .statusCode())
                .isEqualTo(401);
        assertThat(get("/v1/items/bread/also-bought", WarmUp.HEADER, "").statusCode())
                .isEqualTo(401);
        assertThat(get("/v1/items/bread/also-bought", "Authorization", "Bearer " + CLIENT)
                        .statusCode())
                .as("the client's bucket was not spent by the warm-up")
                .isEqualTo(200);
    }

    @Test
    void warmUpBeforeReady_holdsReadinessUntilItRan() throws Exception {
        start(SecurityConfig.OPEN);
        views.progress().report(0, false, System.currentTimeMillis());

        api.warmUpBeforeReady();

        assertThat(views.progress().held()).isEqualTo(DecisionApi.WARMING_UP);
        assertThat(get("/health/ready", null, null).body()).contains(DecisionApi.WARMING_UP);
        Thread.sleep(300);
        assertThat(views.progress().held()).as("waits for the views").isEqualTo(DecisionApi.WARMING_UP);
        views.progress().report(0, true, System.currentTimeMillis());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (views.progress().held() != null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(views.progress().held()).isNull();
        assertThat(get("/health/ready", null, null).statusCode()).isEqualTo(200);
    }
}
