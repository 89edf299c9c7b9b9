package io.rapport.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;

/**
 * Times every request into {@code rapport.http.server.requests{method,route,status}}, with a
 * percentile histogram. {@code route} is the route template (e.g. {@code
 * /v1/items/:itemId/stats}), never the raw path, so ids do not multiply the time series; requests
 * that match no route are tagged {@value #UNMATCHED}.
 */
public final class HttpMetrics {
    static final String UNMATCHED = "unmatched";
    private static final String ROUTE_KEY = "rapport.route";

    private final MeterRegistry registry;

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The first handler of the router: starts the clock and records when the response ends. */
    public void start(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(ended -> Timer.builder("rapport.http.server.requests")
                .description("Server time of HTTP requests, by route template")
                .tag("method", methodTag(ctx.request().method()))
                .tag("route", ctx.get(ROUTE_KEY, UNMATCHED))
                .tag("status", String.valueOf(ctx.response().getStatusCode()))
                .publishPercentileHistogram()
                .register(registry)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        ctx.next();
    }

    // Clients may send any method name; only the standard ones become tag values.
    private static String methodTag(HttpMethod method) {
        return HttpMethod.values().contains(method) ? method.name() : "other";
    }

    /** The first handler of a route: tags the request with the route's template. */
    public void tagRoute(RoutingContext ctx) {
        Route route = ctx.currentRoute();
        ctx.put(ROUTE_KEY, route.getPath());
        ctx.next();
    }
}
