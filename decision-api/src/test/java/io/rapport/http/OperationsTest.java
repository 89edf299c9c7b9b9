package io.rapport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.testing.ApiTestBase;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

class OperationsTest extends ApiTestBase {

    @Test
    void shouldBeLive(VertxTestContext testContext) {
        get("/health/live")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(200);
                    assertThat(resp.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "up"));
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldBecomeReadyWhenTheConsumerReportsCaughtUp(VertxTestContext testContext) {
        get("/health/ready")
                .send()
                .compose(catchingUp -> {
                    testContext.verify(() -> {
                        assertThat(catchingUp.statusCode()).isEqualTo(503);
                        assertThat(catchingUp.bodyAsJsonObject().getString("status"))
                                .isEqualTo("catching_up");
                    });
                    views.progress().report(0, true, System.currentTimeMillis());
                    return get("/health/ready").send();
                })
                .onComplete(testContext.succeeding(ready -> testContext.verify(() -> {
                    assertThat(ready.statusCode()).isEqualTo(200);
                    assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("ready");
                    assertThat(ready.bodyAsJsonObject().getLong("lag")).isZero();
                    testContext.completeNow();
                })));
    }

    @Test
    void aHeldReadiness_answers503WithItsReason_evenWhenCaughtUp(VertxTestContext testContext) {
        views.progress().report(0, true, System.currentTimeMillis());
        views.progress().hold("replaying_sample");
        get("/health/ready")
                .send()
                .compose(held -> {
                    testContext.verify(() -> {
                        assertThat(held.statusCode()).isEqualTo(503);
                        assertThat(held.bodyAsJsonObject().getString("status")).isEqualTo("replaying_sample");
                    });
                    views.progress().release();
                    return get("/health/ready").send();
                })
                .onComplete(testContext.succeeding(ready -> testContext.verify(() -> {
                    assertThat(ready.statusCode()).isEqualTo(200);
                    assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("ready");
                    testContext.completeNow();
                })));
    }

    @Test
    void statsOfAnItemNeverViewedOrBought_isA404SayingWhatCounts(VertxTestContext testContext) {
        get("/v1/items/only-carted/stats")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(404);
                    assertThat(resp.bodyAsJsonObject().getJsonObject("error").getString("message"))
                            .isEqualTo("itemId: no item 'only-carted' has been viewed or bought within the"
                                    + " retention (365 days of event time; carts and feedback alone do"
                                    + " not count here)");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldExposePrometheusMetricsWithRouteTimer(VertxTestContext testContext) {
        get("/v1/items/milk/stats")
                .send()
                .compose(stats -> get("/metrics").send())
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(200);
                    assertThat(resp.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
                    assertThat(resp.bodyAsString())
                            .contains("# TYPE rapport_http_server_requests_seconds histogram")
                            .contains("rapport_http_server_requests_seconds_count{method=\"GET\","
                                    + "route=\"/v1/items/:itemId/stats\",status=\"404\"} 1")
                            // the 2 ms target and the sub-millisecond steps are exact bucket bounds
                            .contains("rapport_http_server_requests_seconds_bucket{method=\"GET\","
                                    + "route=\"/v1/items/:itemId/stats\",status=\"404\",le=\"0.002\"} ")
                            .contains("le=\"2.5E-4\"")
                            .contains("le=\"1.0E-4\"")
                            .contains("rapport_view_lag")
                            .contains("rapport_view_ready")
                            .contains("rapport_view_items")
                            .contains("cache_gets_total{cache=\"also-bought\"")
                            .contains("jvm_memory_used_bytes");
                    testContext.completeNow();
                })));
    }

    @Test
    void aMethodAKnownPathDoesNotTake_isTimedUnderThatPathsRoute(VertxTestContext testContext) {
        post("/v1/kpis")
                .send()
                .compose(refused -> {
                    testContext.verify(() -> assertThat(refused.statusCode()).isEqualTo(405));
                    return get("/metrics").send();
                })
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.bodyAsString())
                            .contains("rapport_http_server_requests_seconds_count{method=\"any\","
                                    + "route=\"/v1/kpis\",status=\"405\"} 1")
                            .doesNotContain("route=\"unmatched\",status=\"405\"");
                    testContext.completeNow();
                })));
    }

    @Test
    void requestsNoRouteTakes_shareOneSeriesPerRouteAndStatus_whateverTheirMethod(VertxTestContext testContext) {
        String[] methods = {"PROPFIND", "MKCOL", "LOCK", "TRACE", "PATCH", "DELETE"};
        Future<?> sent = Future.succeededFuture();
        for (String method : methods) {
            for (String path : new String[] {"/v1/kpis", "/nope", "/health/live"}) {
                sent = sent.compose(ignored -> client.request(HttpMethod.valueOf(method), api.port(), "localhost", path)
                        .send());
            }
        }
        sent.compose(ignored -> get("/metrics").send())
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    String scrape = resp.bodyAsString();
                    for (String method : methods) {
                        assertThat(scrape).doesNotContain("method=\"" + method + "\"");
                    }
                    assertThat(scrape)
                            .contains("rapport_http_server_requests_seconds_count{method=\"any\","
                                    + "route=\"/v1/kpis\",status=\"405\"} 6")
                            .contains("rapport_http_server_requests_seconds_count{method=\"any\","
                                    + "route=\"/health/live\",status=\"405\"} 6")
                            .contains("rapport_http_server_requests_seconds_count{method=\"any\","
                                    + "route=\"unmatched\",status=\"404\"} 6");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldAnswer404JsonForUnknownRoute(VertxTestContext testContext) {
        get("/v1/nothing-here")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(404);
                    assertThat(resp.getHeader("Content-Type")).startsWith("application/json");
                    assertThat(resp.bodyAsJsonObject().getJsonObject("error").getString("code"))
                            .isEqualTo("not_found");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldAnswer405JsonForWrongMethod(VertxTestContext testContext) {
        delete("/v1/events")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(405);
                    assertThat(resp.bodyAsJsonObject().getJsonObject("error").getString("code"))
                            .isEqualTo("method_not_allowed");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldAnswer400JsonForMalformedPercentEncoding(VertxTestContext testContext) {
        get("/v1/items/%zz/stats")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    assertThat(resp.bodyAsJsonObject().getJsonObject("error").getString("code"))
                            .isNotBlank();
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldAnswer500JsonWithoutDetailsForUnexpectedFailure(VertxTestContext testContext) {
        publisher.throwFromNowOn(new IllegalStateException("secret internal detail"));

        delete("/v1/customers/c-1")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(500);
                    assertThat(resp.bodyAsJsonObject().getJsonObject("error").getString("code"))
                            .isEqualTo("internal_error");
                    assertThat(resp.bodyAsString()).doesNotContain("secret").doesNotContain("Exception");
                    testContext.completeNow();
                })));
    }
}
