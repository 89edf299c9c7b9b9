package io.rapport.lag;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.testing.ApiTestBase;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

/** A stream job that fell behind is reported by readiness and metrics while answers go on. */
class JobLagReadinessTest extends ApiTestBase {
    @Test
    void laggingJob_isNamedInReadinessAndMetrics(VertxTestContext ctx) {
        views.progress().report(0, true, System.currentTimeMillis());
        long now = System.currentTimeMillis();
        api.jobLag().report("copurchase", 5_000, now - 60_000);
        api.jobLag().report("copurchase", 5_000, now);
        api.jobLag().report("profiles", 0, now);
        checkReadinessThenMetrics(
                ctx,
                ready -> {
                    JsonObject body = ready.bodyAsJsonObject();
                    assertThat(ready.statusCode()).isEqualTo(200);
                    assertThat(body.getBoolean("lagging")).isTrue();
                    assertThat(body.getBoolean("degraded")).isFalse();
                    JsonObject copurchase = body.getJsonObject("jobs").getJsonObject("copurchase");
                    assertThat(copurchase.getLong("lag")).isEqualTo(5_000);
                    assertThat(copurchase.getBoolean("lagging")).isTrue();
                    assertThat(copurchase.getLong("aboveThresholdSeconds")).isGreaterThanOrEqualTo(60);
                    assertThat(body.getJsonObject("jobs")
                                    .getJsonObject("profiles")
                                    .getBoolean("lagging"))
                            .isFalse();
                    assertThat(body.getJsonObject("jobs").getJsonObject("kpis").getLong("lag"))
                            .isEqualTo(-1);
                },
                metrics -> assertThat(metrics)
                        .contains("rapport_job_lag_records{job=\"copurchase\"} 5000.0")
                        .contains("rapport_job_lagging{job=\"copurchase\"} 1.0")
                        .contains("rapport_job_lagging{job=\"profiles\"} 0.0")
                        .contains("rapport_job_lag_records{job=\"kpis\"} -1.0"));
    }

    @Test
    void withoutMeasurements_nothingIsLagging(VertxTestContext ctx) {
        get("/health/ready")
                .send()
                .onComplete(ctx.succeeding(ready -> ctx.verify(() -> {
                    assertThat(ready.bodyAsJsonObject().getBoolean("lagging")).isFalse();
                    ctx.completeNow();
                })));
    }
}
