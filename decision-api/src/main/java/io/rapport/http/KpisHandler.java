package io.rapport.http;

import io.rapport.event.InvalidEventException;
import io.rapport.kpi.KpiWindow;
import io.rapport.store.KpiView;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * {@code GET /v1/kpis?window=1h}: the exact KPIs of a window (PRODUCT.md, "KPIs"), as {@code
 * KpiReport} JSON. {@code window} is {@code 1h} by default, else minutes, hours or days up to
 * {@link KpiWindow#MAX} ({@code 15m}, {@code 24h}, {@code 30d}); anything else, or {@code window} given
 * twice, is a 400 naming {@code window}. Summing the panes runs on a worker thread.
 */
public final class KpisHandler implements Handler<RoutingContext> {
    static final String DEFAULT_WINDOW = "1h";

    private final Vertx vertx;
    private final KpiView kpis;

    public KpisHandler(Vertx vertx, KpiView kpis) {
        this.vertx = vertx;
        this.kpis = kpis;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String window = RequestParams.singleQueryParam(ctx, "window");
        String name = window == null ? DEFAULT_WINDOW : window;
        Duration length;
        try {
            length = KpiWindow.parse(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("window", e.getMessage());
        }
        vertx.executeBlocking(() -> kpis.report(name, length), false).onComplete(report -> {
            if (report.succeeded()) {
                Responses.json(ctx, 200, report.result());
            } else {
                ctx.fail(report.cause());
            }
        });
    }
}
