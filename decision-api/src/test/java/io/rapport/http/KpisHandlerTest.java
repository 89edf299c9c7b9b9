package io.rapport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rapport.kafka.Topics;
import io.rapport.store.Views;
import io.rapport.testing.ApiTestBase;
import io.rapport.testing.KpiPanes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KpisHandlerTest extends ApiTestBase {
    @Override
    protected void fill(Views views) {
        KpiPanes.fill(views);
    }

    @Test
    void shouldAnswerTheProductShape_withExactSumsOverTheWindow(VertxTestContext testContext) {
        get("/v1/kpis?window=1h")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(200);
                    JsonObject k = resp.bodyAsJsonObject();
                    assertThat(k.fieldNames())
                            .containsAll(List.of(
                                    "window",
                                    "events",
                                    "funnel",
                                    "revenue",
                                    "orders",
                                    "aov",
                                    "offers",
                                    "recommendations"));
                    assertThat(k.getString("window")).isEqualTo("1h");
                    assertThat(k.getString("to")).isEqualTo("2026-11-22T18:00:00Z");
                    assertThat(k.getJsonObject("events"))
                            .isEqualTo(new JsonObject().put("purchase", 4).put("view", 40));
                    assertThat(k.getJsonObject("funnel"))
                            .isEqualTo(new JsonObject()
                                    .put("views", 40)
                                    .put("addToCarts", 10)
                                    .put("purchases", 4)
                                    .put("conversion", 0.1));
                    assertThat(k.getDouble("revenue")).isEqualTo(30.0);
                    assertThat(k.getLong("orders")).isEqualTo(3);
                    assertThat(k.getDouble("aov")).isEqualTo(10.0);
                    JsonObject coffee = k.getJsonObject("offers").getJsonObject("coffee");
                    assertThat(coffee.getLong("impressions")).isEqualTo(80);
                    assertThat(coffee.getDouble("ctr")).isEqualTo(0.1);
                    assertThat(coffee.getDouble("redemptionRate")).isEqualTo(0.05);
                    assertThat(coffee.getJsonObject("holdout"))
                            .isEqualTo(new JsonObject().put("customers", 80).put("converted", 48));
                    JsonObject uplift = coffee.getJsonObject("uplift");
                    assertThat(uplift.getDouble("value")).isCloseTo(0.2, within(1e-9));
                    JsonArray ci = uplift.getJsonArray("ci95");
                    assertThat(ci.getDouble(0)).isCloseTo(0.0524, within(1e-4));
                    assertThat(ci.getDouble(1)).isCloseTo(0.3339, within(1e-4));
                    assertThat(k.getJsonObject("recommendations"))
                            .isEqualTo(new JsonObject()
                                    .put("impressions", 50)
                                    .put("clicks", 5)
                                    .put("ctr", 0.1)
                                    .put("attributedRevenue", 7.5));
                    assertThat(k.getJsonObject("satisfaction"))
                            .isEqualTo(new JsonObject().put("feedback", 2).put("avgRating", 4.5));
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldWidenTheWindow_andDefaultToOneHour(VertxTestContext testContext) {
        get("/v1/kpis?window=24h")
                .send()
                .compose(day -> {
                    testContext.verify(() -> assertThat(day.bodyAsJsonObject()
                                    .getJsonObject("funnel")
                                    .getLong("views"))
                            .isEqualTo(1040));
                    return get("/v1/kpis").send();
                })
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.bodyAsJsonObject().getString("window")).isEqualTo("1h");
                    assertThat(resp.bodyAsJsonObject().getJsonObject("funnel").getLong("views"))
                            .isEqualTo(40);
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldServeLongWindows_fromHourAndDayPanes_alignedToTheirSize(VertxTestContext testContext) {
        get("/v1/kpis?window=7d")
                .send()
                .compose(week -> {
                    testContext.verify(() -> {
                        JsonObject k = week.bodyAsJsonObject();
                        assertThat(k.getString("from")).isEqualTo("2026-11-15T18:00:00Z");
                        assertThat(k.getString("to")).isEqualTo("2026-11-22T18:00:00Z");
                        assertThat(k.getJsonObject("funnel").getLong("views")).isEqualTo(1040);
                        assertThat(k.getJsonObject("retention").getLong("previousBuyers"))
                                .isZero();
                    });
                    return get("/v1/kpis?window=30d").send();
                })
                .onComplete(testContext.succeeding(month -> testContext.verify(() -> {
                    JsonObject k = month.bodyAsJsonObject();
                    // a day window ends at the end of the clock's UTC day, so it covers today so far
                    assertThat(k.getString("from")).isEqualTo("2026-10-24T00:00:00Z");
                    assertThat(k.getString("to")).isEqualTo("2026-11-23T00:00:00Z");
                    assertThat(k.getJsonObject("funnel").getLong("views")).isEqualTo(1040);
                    assertThat(k.getLong("orders")).isEqualTo(3);
                    assertThat(k.getJsonObject("offers").getJsonObject("coffee").getLong("impressions"))
                            .isEqualTo(80);
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldForgetAPaneOnItsTombstone(VertxTestContext testContext) {
        views.apply(Topics.KPIS, KpiPanes.NEWEST.toString(), null);
        get("/v1/kpis?window=15m")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    // the window now ends with the newest remaining pane, 17:00
                    assertThat(resp.bodyAsJsonObject().getString("to")).isEqualTo("2026-11-22T17:01:00Z");
                    assertThat(resp.bodyAsJsonObject().getJsonObject("funnel").getLong("views"))
                            .isEqualTo(30);
                    assertThat(resp.bodyAsJsonObject()
                                    .getJsonObject("satisfaction")
                                    .getValue("avgRating"))
                            .isNull();
                    testContext.completeNow();
                })));
    }

    @ParameterizedTest
    @ValueSource(strings = {"181d", "0h", "1w", "abc", "", "1.5h", "1441m", "169h"})
    void shouldRefuseAnUnknownWindow_namingIt(String window, VertxTestContext testContext) {
        get("/v1/kpis?window=" + window)
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
                    assertThat(error.getString("field")).isEqualTo("window");
                    assertThat(error.getString("message")).startsWith("window: ");
                    testContext.completeNow();
                })));
    }
}
