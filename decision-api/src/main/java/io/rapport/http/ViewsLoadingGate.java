package io.rapport.http;

import io.rapport.store.ViewProgress;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Until the views are {@linkplain ViewProgress#servable servable} (caught up with their Kafka topics
 * once, at start-up, and what is computed from all of them, popular items and RFM quintiles,
 * computed since; both latch), a request under {@code
 * /v1/} but {@code POST /v1/events} is answered 503 {@code catching_up} with {@code Retry-After:
 * 1}: reads would see the compacted topics half-read (counts climbing towards their value, profiles
 * missing, quintiles of part of the population) and the answer caches would keep such answers after
 * readiness. Events are taken (they go to Kafka); health, metrics and the dashboard's page answer.
 */
public final class ViewsLoadingGate implements Handler<RoutingContext> {
    private final ViewProgress progress;

    public ViewsLoadingGate(ViewProgress progress) {
        this.progress = progress;
    }

    /** Whether a request passes while the views are still loading. */
    static boolean passesWhileLoading(HttpMethod method, String path) {
        return !path.startsWith("/v1/") || (method == HttpMethod.POST && path.equals("/v1/events"));
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (progress.servable() || passesWhileLoading(ctx.request().method(), ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        long lag = progress.lag();
        ctx.response().putHeader("Retry-After", "1");
        Responses.error(
                ctx,
                503,
                "catching_up",
                "the API is reading its views from Kafka" + (lag >= 0 ? " (" + lag + " records to go)" : "")
                        + "; retry in a second");
    }
}
