package io.rapport.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rapport.http.HttpMetrics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The API's per-request timing ({@link HttpMetrics}): recording one request's server time under
 * its tags (method, route template, status), against the bare baseline, a timer held in a field,
 * in the same run. {@code RAPPORT_HTTP_METRICS} is the API's cached look-up; {@code
 * REGISTER_PER_REQUEST} builds and registers the timer on every request, as the API did before.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar HttpTimerBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class HttpTimerBenchmark {
    private static final String[] ROUTES = {
        "/v1/items/:itemId/also-bought",
        "/v1/customers/:customerId/recommendations",
        "/v1/customers/:customerId/next-best-actions",
        "/v1/items/:itemId/stats"
    };
    private static final int[] STATUSES = {200, 200, 200, 404};

    /** The implementations compared; {@code HELD_TIMER} is the baseline. */
    public enum Recorder {
        HELD_TIMER,
        RAPPORT_HTTP_METRICS,
        REGISTER_PER_REQUEST
    }

    @Param
    public Recorder impl;

    private PrometheusMeterRegistry registry;
    private HttpMetrics metrics;
    private Timer[] held;

    @Setup
    public void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new HttpMetrics(registry);
        held = new Timer[ROUTES.length];
        for (int i = 0; i < ROUTES.length; i++) {
            held[i] = metrics.timer("GET", ROUTES[i], STATUSES[i]);
        }
    }

    /** Per thread: which request comes next. */
    @State(Scope.Thread)
    public static class Requests {
        int next;
    }

    @Benchmark
    public void record(Requests requests) {
        int i = requests.next++ & 3;
        Timer timer = switch (impl) {
            case HELD_TIMER -> held[i];
            case RAPPORT_HTTP_METRICS -> metrics.timer("GET", ROUTES[i], STATUSES[i]);
            case REGISTER_PER_REQUEST ->
                HttpMetrics.timerBuilder("GET", ROUTES[i], STATUSES[i]).register(registry);
        };
        timer.record(120_000 + i, TimeUnit.NANOSECONDS);
    }
}
