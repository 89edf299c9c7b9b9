package io.rapport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.rapport.kpi.KpiPane;
import io.rapport.store.Views;
import io.rapport.testing.ApiTestBase;
import io.rapport.testing.KpiPanes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CampaignsHandlerTest extends ApiTestBase {
    /** 12 hours; the KPI clock (end of the newest pane, 18:00) is half way through. */
    static JsonObject coffeeWeek() {
        return new JsonObject()
                .put("campaignId", "coffee-week")
                .put("name", "Coffee week")
                .put("offers", new JsonArray().add("coffee").add("cake"))
                .put("from", "2026-11-22T13:00:00+01:00")
                .put("to", "2026-11-23T00:00:00Z")
                .put(
                        "plan",
                        new JsonObject()
                                .put("impressions", 200)
                                .put("conversions", 10)
                                .put("revenue", 100.0));
    }

    @Override
    protected void fill(Views views) {
        KpiPanes.fill(views); // offer "coffee": 80 impressions, 4 redemptions at 17:00
        KpiPane cake = new KpiPane(
                0,
                Map.of(),
                Map.of(),
                Map.of(
                        "cake",
                        Map.of(
                                KpiPane.OFFER_IMPRESSIONS,
                                20L,
                                KpiPane.OFFER_REDEMPTIONS,
                                1L,
                                KpiPane.OFFER_CONVERTED_REVENUE_MICROS,
                                12_500_000L)));
        KpiPane beforeThePeriod =
                new KpiPane(0, Map.of(), Map.of(), Map.of("coffee", Map.of(KpiPane.OFFER_IMPRESSIONS, 1_000L)));
        KpiPanes.publish(
                views,
                Map.of(
                        Instant.parse("2026-11-22T17:30:00Z"),
                        cake,
                        Instant.parse("2026-11-22T11:59:00Z"),
                        beforeThePeriod));
    }

    private Future<HttpResponse<Buffer>> putCampaigns(Object body) {
        return client.put(api.port(), "localhost", "/v1/campaigns").sendBuffer(Buffer.buffer(body.toString()));
    }

    @Test
    void shouldStoreTheSet_andAnswerItWithTimesInUtc(VertxTestContext testContext) {
        putCampaigns(new JsonArray().add(coffeeWeek().put("ignored", true)))
                .compose(put -> {
                    testContext.verify(() -> {
                        assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(200);
                        assertThat(put.bodyAsJsonArray().getJsonObject(0).getString("from"))
                                .isEqualTo("2026-11-22T12:00:00Z");
                    });
                    return get("/v1/campaigns").send();
                })
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(200);
                    JsonObject stored = resp.bodyAsJsonArray().getJsonObject(0);
                    assertThat(stored.fieldNames())
                            .containsExactlyInAnyOrder("campaignId", "name", "offers", "from", "to", "plan");
                    assertThat(stored.getJsonObject("plan"))
                            .isEqualTo(new JsonObject()
                                    .put("impressions", 200)
                                    .put("conversions", 10)
                                    .put("revenue", 100.0));
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldReplaceTheWholeSet(VertxTestContext testContext) {
        JsonObject other = coffeeWeek().put("campaignId", "other");
        putCampaigns(new JsonArray().add(coffeeWeek()).add(other))
                .compose(first -> putCampaigns(new JsonArray().add(other)))
                .compose(second -> get("/v1/campaigns").send())
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.bodyAsJsonArray()).hasSize(1);
                    assertThat(resp.bodyAsJsonArray().getJsonObject(0).getString("campaignId"))
                            .isEqualTo("other");
                    assertThat(api.views().campaigns().current().campaigns()).hasSize(1);
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldReportPlanActualAndProjection(VertxTestContext testContext) {
        putCampaigns(new JsonArray().add(coffeeWeek()))
                .compose(put -> get("/v1/campaigns/coffee-week/report").send())
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(200);
                    JsonObject r = resp.bodyAsJsonObject();
                    assertThat(r.getString("campaignId")).isEqualTo("coffee-week");
                    assertThat(r.getString("asOf")).isEqualTo("2026-11-22T18:00:00Z");
                    assertThat(r.getDouble("elapsed")).isEqualTo(0.5);
                    assertThat(r.getBoolean("complete")).isTrue();
                    assertThat(r.getJsonObject("plan"))
                            .isEqualTo(new JsonObject()
                                    .put("impressions", 200)
                                    .put("conversions", 10)
                                    .put("revenue", 100.0));
                    assertThat(r.getJsonObject("actual"))
                            .isEqualTo(new JsonObject()
                                    .put("impressions", 100)
                                    .put("conversions", 5)
                                    .put("revenue", 12.5));
                    assertThat(r.getJsonObject("projected"))
                            .isEqualTo(new JsonObject()
                                    .put("impressions", 200.0)
                                    .put("conversions", 10.0)
                                    .put("revenue", 25.0));
                    assertThat(r.getJsonObject("projectedVsPlan"))
                            .isEqualTo(new JsonObject()
                                    .put("impressions", 1.0)
                                    .put("conversions", 1.0)
                                    .put("revenue", 0.25));
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldFollowTheTopic_newestSetWins_tombstoneEmpties(VertxTestContext testContext) {
        String newer = "{\"campaigns\":[" + coffeeWeek().put("campaignId", "newer") + "],\"updatedAt\":20}";
        String older = "{\"campaigns\":[" + coffeeWeek().put("campaignId", "older") + "],\"updatedAt\":10}";
        views.apply(Topics.CAMPAIGNS, "campaigns", newer.getBytes());
        views.apply(Topics.CAMPAIGNS, "campaigns", older.getBytes());
        get("/v1/campaigns")
                .send()
                .compose(resp -> {
                    testContext.verify(() -> assertThat(
                                    resp.bodyAsJsonArray().getJsonObject(0).getString("campaignId"))
                            .isEqualTo("newer"));
                    views.apply(Topics.CAMPAIGNS, "campaigns", null);
                    return get("/v1/campaigns/newer/report").send();
                })
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(404);
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldAnswer404ForAnUnknownCampaign(VertxTestContext testContext) {
        get("/v1/campaigns/nope/report")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(404);
                    JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
                    assertThat(error.getString("code")).isEqualTo("not_found");
                    assertThat(error.getString("field")).isEqualTo("campaignId");
                    assertThat(error.getString("message")).startsWith("campaignId: ");
                    testContext.completeNow();
                })));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "plan|{\"impressions\":1,\"conversions\":1}|campaigns[0].plan.revenue",
                "to|\"2026-11-01T00:00:00Z\"|campaigns[0].to",
                "offers|[]|campaigns[0].offers",
                "campaignId|\"\"|campaigns[0].campaignId",
            })
    void shouldRefuseABrokenCampaign_namingTheField_andKeepTheSet(
            String field, String value, String path, VertxTestContext testContext) {
        JsonObject broken = coffeeWeek().put(field, Json.mapper().convertValue(read(value), Object.class));
        putCampaigns(new JsonArray().add(coffeeWeek()))
                .compose(first -> putCampaigns(new JsonArray().add(broken)))
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
                    assertThat(error.getString("code")).isEqualTo("invalid_campaign");
                    assertThat(error.getString("field")).isEqualTo(path);
                    assertThat(error.getString("message")).startsWith(path + ": ");
                    assertThat(api.views().campaigns().current().campaigns()).hasSize(1);
                    testContext.completeNow();
                })));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"{\"campaignId\":\"x\"}|campaigns", "[1|campaigns", "|campaigns"})
    void shouldRefuseABodyThatIsNotAnArray(String body, String field, VertxTestContext testContext) {
        putCampaigns(body == null ? "" : body)
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    assertThat(resp.bodyAsJsonObject().getJsonObject("error").getString("field"))
                            .isEqualTo(field);
                    testContext.completeNow();
                })));
    }

    private static Object read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
