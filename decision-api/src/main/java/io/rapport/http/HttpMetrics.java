package io.rapport.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Times every request into {@code rapport.http.server.requests{method,route,status}}, with a
 * percentile histogram. {@code route} is the route template (e.g. {@code
 * /v1/items/:itemId/stats}), never the raw path, so ids do not multiply the time series; requests
 * that match no route are tagged {@value #UNMATCHED}, and those and the 405s with the method {@value
 * #ANY_METHOD}.
 *
 * <p>Buckets: Micrometer's percentile histogram from 100 µs (its default starts at 1 ms, which
 * lumps every fast answer together) to 30 s, plus the service-level boundaries {@link
 * #SLO_BOUNDARIES} (0.25, 0.5, 1, 2, 5 and 10 ms), so that the share of requests within the 1 ms
 * and 10 ms targets is read off a bucket exactly rather than off the nearest histogram bound
 * (2.10 ms). That is 90 buckets per series, against 68 with the defaults.
 */
public final class HttpMetrics {
    static final String UNMATCHED = "unmatched";
    static final String ANY_METHOD = "any";
    private static final String ROUTE_KEY = "rapport.route";
    /** Bucket bounds added to the histogram: the latency targets and the steps below them. */
    private static final Duration[] SLO_BOUNDARIES = {
        Duration.ofNanos(250_000),
        Duration.ofNanos(500_000),
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10)
    };

    private static final Duration FASTEST_EXPECTED = Duration.ofNanos(100_000);

    private final MeterRegistry registry;
    /**
     * The timers already registered: building a meter id (tags sorted, filters applied) and looking
     * it up in the registry on every request cost more than the rest of the timing. Bounded: the
     * standard methods, the route templates and the statuses the API answers with.
     */
    private final ConcurrentMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private record TimerKey(String method, String route, int status) {}

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The first handler of the router: starts the clock and records when the response ends. */
    public void start(RoutingContext ctx) {
        if (WarmUp.isMarked(ctx)) {
            ctx.next(); // the API's own warm-up: not a client's request
            return;
        }
        long start = System.nanoTime();
        ctx.addEndHandler(ended -> {
            String route = ctx.get(ROUTE_KEY, UNMATCHED);
            int status = ctx.response().getStatusCode();
            timer(methodTag(ctx.request().method(), route, status), route, status)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        });
        ctx.next();
    }

    /**
     * The method a request is timed under: the request's for a route that took it, {@value #ANY_METHOD} for
     * one no route took (unmatched, refused before routing, 405). So the series a client can create are
     * bounded by the routes' own methods and the statuses, not by the thirty-odd method names (WebDAV's
     * among them) a request may carry: each series is a 90-bucket histogram.
     */
    static String methodTag(HttpMethod method, String route, int status) {
        if (route.equals(UNMATCHED) || status == 405) {
            return ANY_METHOD;
        }
        return HttpMethod.values().contains(method) ? method.name() : "other";
    }

    /** The request timer of a method tag, route template and status, registered on first use. */
    public Timer timer(String method, String route, int status) {
        TimerKey key = new TimerKey(method, route, status);
        Timer timer = timers.get(key);
        return timer != null
                ? timer
                : timers.computeIfAbsent(
                        key,
                        k -> timerBuilder(k.method(), k.route(), k.status()).register(registry));
    }

    /**
     * The request timer's builder for these tags. Registering it on every request, as this class
     * once did, builds and looks up the meter id each time ({@code HttpTimerBenchmark} measures both).
     */
    public static Timer.Builder timerBuilder(String method, String route, int status) {
        return Timer.builder("rapport.http.server.requests")
                .description("Server time of HTTP requests, by route template")
                .tag("method", method)
                .tag("route", route)
                .tag("status", String.valueOf(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(FASTEST_EXPECTED)
                .serviceLevelObjectives(SLO_BOUNDARIES);
    }

    /** The first handler of a route: tags the request with the route's template. */
    public void tagRoute(RoutingContext ctx) {
        Route route = ctx.currentRoute();
        ctx.put(ROUTE_KEY, route.getPath());
        ctx.next();
    }
}
