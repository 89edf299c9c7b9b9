package io.rapport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.Totals;
import io.rapport.store.Views;
import io.rapport.testing.ApiTestBase;
import io.rapport.testing.Snapshots;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ItemsHandlersTest extends ApiTestBase {

    @Override
    protected void fill(Views views) {
        views.totals().put(new Totals(1000));
        views.items()
                .put(Snapshots.item("whole milk", 300)
                        .views(400, 100)
                        .neighbour("butter", 40)
                        .neighbour("bread", 30)
                        .build());
        views.items().put(Snapshots.item("butter", 60).build());
        views.items().put(Snapshots.item("bread", 500).build());
        views.items().put(Snapshots.item("unseen shelf", 5).build());
        views.customers().put(new CustomerItems("c-1", List.of("butter")));
    }

    @Test
    void shouldRankNeighboursOfPercentEncodedItem(VertxTestContext testContext) {
        get("/v1/items/whole%20milk/also-bought")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(200);
                    JsonObject body = resp.bodyAsJsonObject();
                    assertThat(body.getString("itemId")).isEqualTo("whole milk");
                    assertThat(body.getString("strategy")).isEqualTo("co-purchase");
                    JsonArray items = body.getJsonArray("items");
                    assertThat(items).hasSize(2);
                    JsonObject first = items.getJsonObject(0);
                    assertThat(first.fieldNames())
                            .containsExactlyInAnyOrder("itemId", "score", "coPurchases", "reason");
                    assertThat(first.getString("itemId")).isEqualTo("butter");
                    assertThat(first.getLong("coPurchases")).isEqualTo(40);
                    assertThat(first.getString("reason")).startsWith("bought together with whole milk by 40 customers");
                    testContext.completeNow();
                })));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?limit=1", "?limit=50"})
    void shouldAnswerAnAnonymousQuestionFromTheKeptBody_asTheFullPathWould(String query, VertxTestContext testContext) {
        // the second GET is answered from the body kept beside the cached list; a customer who bought
        // nothing takes the full path (pick, then encode) to the same answer
        String path = "/v1/items/whole%20milk/also-bought" + query;
        String separator = query.isEmpty() ? "?" : "&";
        get(path)
                .send()
                .compose(first -> get(path)
                        .send()
                        .compose(kept -> get(path + separator + "customerId=c-none")
                                .send()
                                .map(full -> List.of(first, kept, full))))
                .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
                    assertThat(r.get(1).statusCode()).isEqualTo(200);
                    assertThat(r.get(1).getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
                    assertThat(r.get(1).bodyAsString())
                            .isEqualTo(r.get(0).bodyAsString())
                            .isEqualTo(r.get(2).bodyAsString());
                    assertThat(r.get(1).getHeader("Content-Length"))
                            .isEqualTo(String.valueOf(r.get(1).body().length()));
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldLeaveOutWhatTheCustomerBoughtAndRespectLimit(VertxTestContext testContext) {
        get("/v1/items/whole%20milk/also-bought?customerId=c-1&limit=1")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    JsonArray items = resp.bodyAsJsonObject().getJsonArray("items");
                    assertThat(items).hasSize(1);
                    assertThat(items.getJsonObject(0).getString("itemId")).isEqualTo("bread");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldFallBackToPopularItemsForUnknownItem(VertxTestContext testContext) {
        get("/v1/items/caviar/also-bought?limit=2")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(200);
                    JsonObject body = resp.bodyAsJsonObject();
                    assertThat(body.getString("strategy")).isEqualTo("popular");
                    assertThat(body.getJsonArray("items").getJsonObject(0).getString("itemId"))
                            .isEqualTo("bread");
                    assertThat(body.getJsonArray("items").getJsonObject(0).getString("reason"))
                            .isEqualTo("popular: bought by 500 customers");
                    testContext.completeNow();
                })));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "abc", "101", "-1", ""})
    void shouldRefuseLimitOutOfRange(String limit, VertxTestContext testContext) {
        get("/v1/items/butter/also-bought?limit=" + limit)
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
                    assertThat(error.getString("field")).isEqualTo("limit");
                    assertThat(error.getString("message")).isEqualTo("limit: must be an integer from 1 to 100");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldRefuseCustomerIdWithControlCharacters(VertxTestContext testContext) {
        get("/v1/items/butter/also-bought?customerId=c%0A1")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    assertThat(resp.bodyAsJsonObject().getJsonObject("error").getString("message"))
                            .isEqualTo("customerId: must not contain control characters");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldCountIdLengthInCharacters_asEventsDo(VertxTestContext testContext) {
        String emoji = "%F0%9F%98%80"; // one character, two UTF-16 units
        get("/v1/items/" + emoji.repeat(256) + "/stats")
                .send()
                .compose(atTheLimit -> {
                    testContext.verify(() -> assertThat(atTheLimit.statusCode())
                            .as("an unseen item, not a refusal")
                            .isEqualTo(404));
                    return get("/v1/items/" + emoji.repeat(257) + "/stats").send();
                })
                .onComplete(testContext.succeeding(past -> testContext.verify(() -> {
                    assertThat(past.statusCode()).isEqualTo(400);
                    assertThat(past.bodyAsJsonObject().getJsonObject("error").getString("field"))
                            .isEqualTo("itemId");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldRefuseOverlongItemId(VertxTestContext testContext) {
        get("/v1/items/" + "i".repeat(257) + "/stats")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    assertThat(resp.bodyAsJsonObject().getJsonObject("error").getString("field"))
                            .isEqualTo("itemId");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldAnswerItemStats(VertxTestContext testContext) {
        get("/v1/items/whole%20milk/stats")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(200);
                    assertThat(resp.bodyAsJsonObject())
                            .isEqualTo(new JsonObject()
                                    .put("itemId", "whole milk")
                                    .put("purchases", 300)
                                    .put("views", 400)
                                    .put("conversion", 0.25));
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldAnswerNullConversionForItemNobodyViewed(VertxTestContext testContext) {
        get("/v1/items/unseen%20shelf/stats")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    JsonObject body = resp.bodyAsJsonObject();
                    assertThat(body.containsKey("conversion")).isTrue();
                    assertThat(body.getValue("conversion")).isNull();
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldAnswer404JsonForUnknownItemStats(VertxTestContext testContext) {
        get("/v1/items/caviar/stats")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(404);
                    JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
                    assertThat(error.getString("code")).isEqualTo("not_found");
                    assertThat(error.getString("message")).startsWith("itemId:");
                    testContext.completeNow();
                })));
    }
}
