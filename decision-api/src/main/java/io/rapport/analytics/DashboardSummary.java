package io.rapport.analytics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.store.ItemView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;

/**
 * What the dashboard shows beside {@code /v1/kpis}: server-time percentiles since start-up, from the
 * request timers' histogram buckets (so each is the upper bound of its bucket, as Prometheus'
 * {@code histogram_quantile} would interpolate it coarsely), apart for the two kinds of request
 * that differ by orders of magnitude: the <em>answers</em> a site or app asks for ({@code GET} under
 * {@code /v1/items/} and {@code /v1/customers/}: also-bought, recommendations, next-best actions,
 * profiles, item stats; served from memory) and <em>event ingestion</em> ({@code POST /v1/events},
 * which replies once Kafka has acknowledged the events). Admin and analyst routes (offers, KPIs,
 * this dashboard's own requests) are in neither. Also the most co-purchased item pairs.
 */
public final class DashboardSummary {
    private static final int TOP_PAIRS = 10;

    private final MeterRegistry registry;
    private final ItemView items;
    private final UnaryOperator<String> names;

    /** Pairs named by their item ids. */
    public DashboardSummary(MeterRegistry registry, ItemView items) {
        this(registry, items, UnaryOperator.identity());
    }

    /** @param names an item's name for people (the catalogue's, else its id), for the top pairs */
    public DashboardSummary(MeterRegistry registry, ItemView items, UnaryOperator<String> names) {
        this.registry = registry;
        this.items = items;
        this.names = names;
    }

    /** @param p50Millis null before the first request */
    public record Latency(long requests, Double p50Millis, Double p99Millis) {}

    /** Items {@code a} and {@code b} (ids, a before b) and their names for people. */
    public record Pair(String a, String b, long coPurchases, String aName, String bName) {}

    /**
     * @param answers {@code GET} answers under {@code /v1/items/} and {@code /v1/customers/}
     * @param ingestion {@code POST /v1/events}
     */
    public record Summary(Latency answers, Latency ingestion, List<Pair> topPairs) {}

    /** Computes the summary; call off the event loop (it walks every item). */
    public Summary compute() {
        return new Summary(latency(DashboardSummary::isAnswer), latency(DashboardSummary::isIngestion), topPairs());
    }

    static boolean isAnswer(String method, String route) {
        return "GET".equals(method) && (route.startsWith("/v1/items/") || route.startsWith("/v1/customers/"));
    }

    static boolean isIngestion(String method, String route) {
        return "POST".equals(method) && route.equals("/v1/events");
    }

    private Latency latency(BiPredicate<String, String> counted) {
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        long total = 0;
        for (Timer timer : registry.find("rapport.http.server.requests").timers()) {
            String route = timer.getId().getTag("route");
            String method = timer.getId().getTag("method");
            if (route == null || method == null || !counted.test(method, route)) {
                continue;
            }
            HistogramSnapshot s = timer.takeSnapshot();
            total += s.count();
            for (CountAtBucket b : s.histogramCounts()) {
                cumulative.merge(b.bucket(TimeUnit.MILLISECONDS), b.count(), Double::sum);
            }
        }
        if (total == 0) {
            return new Latency(0, null, null);
        }
        return new Latency(total, quantile(cumulative, total, 0.5), quantile(cumulative, total, 0.99));
    }

    // Bucket counts of the Prometheus registry are cumulative: the first bucket holding the rank answers.
    private static Double quantile(TreeMap<Double, Double> cumulative, long total, double q) {
        double rank = q * total;
        for (var bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                return bucket.getKey();
            }
        }
        return cumulative.isEmpty() ? null : cumulative.lastKey();
    }

    private List<Pair> topPairs() {
        List<Pair> pairs = new ArrayList<>();
        for (ItemSnapshot item : items.all()) {
            for (NeighbourCount n : item.neighbours()) {
                if (item.itemId().compareTo(n.itemId()) < 0) {
                    pairs.add(new Pair(item.itemId(), n.itemId(), n.coPurchases(), null, null));
                }
            }
        }
        pairs.sort(Comparator.comparingLong(Pair::coPurchases)
                .reversed()
                .thenComparing(Pair::a)
                .thenComparing(Pair::b));
        return pairs.stream()
                .limit(TOP_PAIRS)
                .map(p -> new Pair(p.a(), p.b(), p.coPurchases(), names.apply(p.a()), names.apply(p.b())))
                .toList();
    }
}
