package io.rapport.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.http.HttpMetrics;
import io.rapport.store.ItemView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardSummaryTest {
    // the API's registry: its histogram bucket counts are cumulative, which the summary relies on
    private final MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private void record(String method, String route, int status, Duration each, int times) {
        for (int i = 0; i < times; i++) {
            HttpMetrics.timerBuilder(method, route, status).register(registry).record(each);
        }
    }

    @Test
    void answersAndIngestion_arePercentiledApart_andAdminAndAnalystRoutesAreInNeither() {
        record("GET", "/v1/items/:itemId/also-bought", 200, Duration.ofNanos(50_000), 90);
        record("GET", "/v1/customers/:customerId/recommendations", 200, Duration.ofNanos(80_000), 9);
        record("GET", "/v1/customers/:customerId/profile", 404, Duration.ofMillis(1), 1);
        record("POST", "/v1/events", 202, Duration.ofMillis(40), 50);
        record("POST", "/v1/events", 400, Duration.ofMillis(2), 50);
        record("GET", "/v1/kpis", 200, Duration.ofMillis(900), 500);
        record("PUT", "/v1/offers", 200, Duration.ofSeconds(2), 10);
        record("DELETE", "/v1/customers/:customerId", 202, Duration.ofMillis(300), 10);
        record("GET", "/health/ready", 200, Duration.ofMillis(5), 10);

        DashboardSummary.Summary summary = new DashboardSummary(registry, new ItemView()).compute();

        assertThat(summary.answers().requests()).isEqualTo(100);
        assertThat(summary.answers().p50Millis()).isLessThanOrEqualTo(0.1);
        // 99 of 100 answers within 0.1 ms; the slowest, the 404 profile, is the 100th
        assertThat(summary.answers().p99Millis()).isLessThanOrEqualTo(0.1);
        assertThat(summary.ingestion().requests()).isEqualTo(100);
        assertThat(summary.ingestion().p50Millis()).isBetween(2.0, 3.0);
        assertThat(summary.ingestion().p99Millis()).isBetween(40.0, 60.0);
    }

    @Test
    void topPairs_mostCoPurchasedFirst_namedAsTheCatalogueNamesThem() {
        ItemView items = new ItemView();
        items.put(new ItemSnapshot(
                "milk", "dairy", 9, 0, 0, List.of(new NeighbourCount("bread", 5), new NeighbourCount("tea", 2)), 0));
        items.put(new ItemSnapshot("bread", "bakery", 6, 0, 0, List.of(new NeighbourCount("milk", 5)), 0));
        Map<String, String> names = Map.of("milk", "Whole milk", "bread", "Rye bread");

        List<DashboardSummary.Pair> pairs = new DashboardSummary(registry, items, id -> names.getOrDefault(id, id))
                .compute()
                .topPairs();

        assertThat(pairs)
                .containsExactly(
                        new DashboardSummary.Pair("bread", "milk", 5, "Rye bread", "Whole milk"),
                        new DashboardSummary.Pair("milk", "tea", 2, "Whole milk", "tea"));
    }

    @Test
    void beforeAnyRequest_thePercentilesAreUnknown() {
        DashboardSummary.Summary summary = new DashboardSummary(registry, new ItemView()).compute();

        assertThat(summary.answers().requests()).isZero();
        assertThat(summary.answers().p50Millis()).isNull();
        assertThat(summary.ingestion().p99Millis()).isNull();
    }
}
