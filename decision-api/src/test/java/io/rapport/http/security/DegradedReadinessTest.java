package io.rapport.http.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.copurchase.Totals;
import io.rapport.store.Views;
import io.rapport.testing.ApiTestBase;
import io.rapport.testing.Snapshots;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

/** When Kafka stops answering lag checks, reads keep answering and readiness and metrics say "degraded". */
class DegradedReadinessTest extends ApiTestBase {
    @Override
    protected void fill(Views views) {
        views.totals().put(new Totals(10));
        views.items().put(Snapshots.item("milk", 3).build());
    }

    @Test
    void staleViewsAreReportedButStillServed(VertxTestContext ctx) {
        views.progress().report(0, true, System.currentTimeMillis() - 30_000);
        get("/health/ready")
                .send()
                .compose(ready -> {
                    ctx.verify(() -> {
                        assertThat(ready.statusCode()).isEqualTo(200);
                        assertThat(ready.bodyAsJsonObject().getBoolean("degraded"))
                                .isTrue();
                        assertThat(ready.bodyAsJsonObject().getLong("lagCheckAgeSeconds"))
                                .isGreaterThanOrEqualTo(30);
                    });
                    return get("/metrics").send();
                })
                .compose(metrics -> {
                    ctx.verify(() -> assertThat(metrics.bodyAsString()).contains("rapport_view_degraded 1.0"));
                    return get("/v1/items/milk/stats").send();
                })
                .compose(stats -> {
                    ctx.verify(() -> assertThat(stats.statusCode()).isEqualTo(200));
                    views.progress().report(0, true, System.currentTimeMillis());
                    return get("/health/ready").send();
                })
                .onComplete(ctx.succeeding(ready -> ctx.verify(() -> {
                    assertThat(ready.bodyAsJsonObject().getBoolean("degraded")).isFalse();
                    ctx.completeNow();
                })));
    }
}
