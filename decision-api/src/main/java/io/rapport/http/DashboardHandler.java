package io.rapport.http;

import io.rapport.analytics.DashboardSummary;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /dashboard}: the analysts' live page, one self-contained HTML file (inline CSS, JS
 * and SVG, nothing from a CDN) that polls {@code /v1/kpis}, {@code /v1/segments} and {@code
 * /v1/dashboard/summary}; and {@code GET /v1/dashboard/summary}: API latency percentiles and top
 * co-purchase pairs as JSON ({@link DashboardSummary}).
 */
public final class DashboardHandler {
    private static final String PAGE_RESOURCE = "/dashboard/index.html";

    private final Vertx vertx;
    private final DashboardSummary summary;
    private final Buffer page;

    public DashboardHandler(Vertx vertx, DashboardSummary summary) {
        this.vertx = vertx;
        this.summary = summary;
        this.page = Buffer.buffer(load());
    }

    private static byte[] load() {
        try (InputStream in = DashboardHandler.class.getResourceAsStream(PAGE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + PAGE_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void page(RoutingContext ctx) {
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        Responses.end(ctx, page);
    }

    public void summary(RoutingContext ctx) {
        vertx.executeBlocking(summary::compute, false).onComplete(result -> {
            if (result.succeeded()) {
                Responses.json(ctx, 200, result.result());
            } else {
                ctx.fail(result.cause());
            }
        });
    }
}
