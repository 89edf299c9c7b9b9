package io.rapport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.copurchase.CoPurchaseScore;
import io.rapport.copurchase.CustomerItems;
import io.rapport.kafka.Topics;
import io.rapport.store.Views;
import io.rapport.testing.ApiTestBase;
import io.rapport.testing.Snapshots;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /v1/items/{itemId}/also-viewed} through the real router, on views fed with topic records. */
class AlsoViewedHandlerTest extends ApiTestBase {

    @Override
    protected void fill(Views views) {
        apply(
                views,
                Topics.CO_VIEWS,
                "butter",
                "{\"itemId\":\"butter\",\"category\":\"dairy\",\"sessions\":40,"
                        + "\"neighbours\":[{\"itemId\":\"milk\",\"coViews\":12},{\"itemId\":\"jam\",\"coViews\":3}],\"updatedAt\":1}");
        apply(
                views,
                Topics.CO_VIEWS,
                "milk",
                "{\"itemId\":\"milk\",\"sessions\":100,\"neighbours\":[],\"updatedAt\":1}");
        apply(views, Topics.CO_VIEWS, "jam", "{\"itemId\":\"jam\",\"sessions\":10,\"updatedAt\":1}");
        apply(
                views,
                Topics.CO_VIEWS,
                "gone",
                "{\"itemId\":\"gone\",\"sessions\":5,"
                        + "\"neighbours\":[{\"itemId\":\"milk\",\"coViews\":5}],\"updatedAt\":1}");
        views.apply(Topics.CO_VIEWS, "gone", null);
        apply(views, Topics.TOTALS, Topics.VIEW_SESSIONS_KEY, "{\"sessions\":1000}");
        views.items().put(Snapshots.item("whole milk", 300).build());
        views.items().put(Snapshots.item("bread", 100).build());
        views.customers().put(new CustomerItems("c-1", List.of("milk")));
    }

    private static void apply(Views views, String topic, String key, String json) {
        views.apply(topic, key, json.getBytes(StandardCharsets.UTF_8));
    }

    private void expectOk(String uri, VertxTestContext testContext, ThrowingCheck check) {
        get(uri).send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(200);
                    check.accept(resp.bodyAsJsonObject());
                    testContext.completeNow();
                })));
    }

    interface ThrowingCheck {
        void accept(JsonObject body) throws Exception;
    }

    @Test
    void knownItem_answersCoViewedNeighbours_rankedByLlrOverSessions(VertxTestContext testContext) {
        double milk = CoPurchaseScore.llr(12, 40, 100, 1000);
        double jam = CoPurchaseScore.llr(3, 40, 10, 1000);
        assertThat(milk).as("the fixture ranks milk first").isGreaterThan(jam);

        expectOk("/v1/items/butter/also-viewed", testContext, body -> {
            assertThat(body.getString("itemId")).isEqualTo("butter");
            assertThat(body.getString("strategy")).isEqualTo("co-view");
            JsonArray items = body.getJsonArray("items");
            assertThat(items).hasSize(2);
            JsonObject first = items.getJsonObject(0);
            assertThat(first.fieldNames()).containsExactlyInAnyOrder("itemId", "score", "coViews", "reason");
            assertThat(first.getString("itemId")).isEqualTo("milk");
            assertThat(first.getLong("coViews")).isEqualTo(12);
            assertThat(first.getDouble("score")).isEqualTo(Math.round(milk * 1000) / 1000.0);
            assertThat(first.getString("reason"))
                    .isEqualTo(String.format(
                            java.util.Locale.ROOT,
                            "viewed in the same session as butter in 12 sessions (LLR %.1f)",
                            milk));
            assertThat(items.getJsonObject(1).getString("itemId")).isEqualTo("jam");
            assertThat(items.getJsonObject(1).getLong("coViews")).isEqualTo(3);
        });
    }

    @Test
    void customerId_removesWhatTheCustomerBought(VertxTestContext testContext) {
        expectOk("/v1/items/butter/also-viewed?customerId=c-1&limit=5", testContext, body -> {
            assertThat(body.getString("strategy")).isEqualTo("co-view");
            assertThat(body.getJsonArray("items")).hasSize(1);
            assertThat(body.getJsonArray("items").getJsonObject(0).getString("itemId"))
                    .isEqualTo("jam");
        });
    }

    @Test
    void limit_cutsTheList(VertxTestContext testContext) {
        expectOk(
                "/v1/items/butter/also-viewed?limit=1",
                testContext,
                body -> assertThat(body.getJsonArray("items")).hasSize(1));
    }

    @Test
    void unknownOrTombstonedItem_fallsBackToPopular_sayingSo(VertxTestContext testContext) {
        expectOk("/v1/items/gone/also-viewed?limit=5", testContext, body -> {
            assertThat(body.getString("strategy")).isEqualTo("popular");
            JsonArray items = body.getJsonArray("items");
            assertThat(items).hasSize(2);
            assertThat(items.getJsonObject(0).getString("itemId")).isEqualTo("whole milk");
            assertThat(items.getJsonObject(0).getLong("coViews")).isZero();
            assertThat(items.getJsonObject(1).getString("itemId")).isEqualTo("bread");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "abc", "101", "-1", ""})
    void shouldRefuseLimitOutOfRange(String limit, VertxTestContext testContext) {
        get("/v1/items/butter/also-viewed?limit=" + limit)
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
                    assertThat(error.getString("message")).isEqualTo("limit: must be an integer from 1 to 100");
                    testContext.completeNow();
                })));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"/v1/items/butter/also-viewed?customerId=c%0A1", "/v1/items/butter/also-viewed?maxPerCategory=0"
            })
    void shouldRefuseABadParameter_namingIt(String uri, VertxTestContext testContext) {
        String field = uri.substring(uri.indexOf('?') + 1, uri.indexOf('='));
        get(uri).send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    assertThat(resp.bodyAsJsonObject().getJsonObject("error").getString("message"))
                            .startsWith(field + ":");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldRefuseAnOverlongItemId(VertxTestContext testContext) {
        get("/v1/items/" + "i".repeat(257) + "/also-viewed")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    assertThat(resp.bodyAsJsonObject().getJsonObject("error").getString("message"))
                            .startsWith("itemId:");
                    testContext.completeNow();
                })));
    }
}
