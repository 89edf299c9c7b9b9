package io.rapport.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: the Prometheus text exposition (version 0.0.4). A scrape formats every
 * histogram, so it runs on a worker thread rather than the event loop.
 */
public final class MetricsHandler implements Handler<RoutingContext> {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;

    public MetricsHandler(Vertx vertx, PrometheusMeterRegistry registry) {
        this.vertx = vertx;
        this.registry = registry;
    }

    @Override
    public void handle(RoutingContext ctx) {
        vertx.executeBlocking(registry::scrape, false).onComplete(scrape -> {
            if (Responses.answered(ctx)) {
                return;
            }
            if (scrape.succeeded()) {
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE);
                Responses.end(ctx, Buffer.buffer(scrape.result()));
            } else {
                ctx.fail(scrape.cause());
            }
        });
    }
}
