package io.rapport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.copurchase.Totals;
import io.rapport.store.Views;
import io.rapport.testing.ApiTestBase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request-time filters of also-bought and recommendations, and the product catalogue, through the real router. */
class CatalogAndFiltersHandlersTest extends ApiTestBase {

    private static ItemSnapshot item(String id, String category, long buyers, NeighbourCount... neighbours) {
        return new ItemSnapshot(id, category, buyers, 0, 0, List.of(neighbours), 0);
    }

    @Override
    protected void fill(Views views) {
        views.totals().put(new Totals(1000));
        views.items()
                .put(item(
                        "whole milk",
                        "dairy",
                        300,
                        new NeighbourCount("butter", 40),
                        new NeighbourCount("yogurt", 35),
                        new NeighbourCount("bread", 30),
                        new NeighbourCount("cream", 20),
                        new NeighbourCount("rolls", 18)));
        views.items().put(item("butter", "dairy", 50));
        views.items().put(item("yogurt", "dairy", 50));
        views.items().put(item("cream", "dairy", 50));
        views.items().put(item("bread", "bakery", 50));
        views.items().put(item("rolls", "bakery", 50));
        views.customers().put(new CustomerItems("c-butter", List.of("butter")));
        views.customers().put(new CustomerItems("c-milk", List.of("whole milk")));
    }

    private Future<JsonObject> ok(String uri) {
        return get(uri).send().map(resp -> {
            assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(200);
            return resp.bodyAsJsonObject();
        });
    }

    private static List<String> ids(JsonObject body) {
        List<String> ids = new ArrayList<>();
        JsonArray items = body.getJsonArray("items");
        for (int i = 0; i < items.size(); i++) {
            ids.add(items.getJsonObject(i).getString("itemId"));
        }
        return ids;
    }

    private Future<HttpResponse<Buffer>> postCatalog(Object body) {
        return post("/v1/catalog").sendBuffer(Buffer.buffer(body.toString()));
    }

    private static JsonObject record(String itemId, String name, String category, double price, boolean inStock) {
        return new JsonObject()
                .put("itemId", itemId)
                .put("name", name)
                .put("category", category)
                .put("price", price)
                .put("inStock", inStock);
    }

    @Test
    void alsoBoughtFiltersByCategoryAndExcludedCategory(VertxTestContext testContext) {
        ok("/v1/items/whole%20milk/also-bought?category=bakery")
                .compose(body -> {
                    testContext.verify(() -> assertThat(ids(body)).containsExactly("bread", "rolls"));
                    return ok("/v1/items/whole%20milk/also-bought?excludeCategory=bakery&limit=2");
                })
                .compose(body -> {
                    testContext.verify(() -> assertThat(ids(body)).containsExactly("butter", "yogurt"));
                    return ok(
                            "/v1/items/whole%20milk/also-bought?category=dairy&category=bakery&excludeCategory=dairy");
                })
                .onComplete(testContext.succeeding(body -> testContext.verify(() -> {
                    assertThat(body.getString("strategy")).isEqualTo("co-purchase");
                    assertThat(ids(body)).containsExactly("bread", "rolls");
                    testContext.completeNow();
                })));
    }

    @Test
    void alsoBoughtKeepsOwnedItemsOnlyWhenAsked(VertxTestContext testContext) {
        ok("/v1/items/whole%20milk/also-bought?customerId=c-butter&limit=1")
                .compose(body -> {
                    testContext.verify(() -> assertThat(ids(body)).containsExactly("yogurt"));
                    return ok("/v1/items/whole%20milk/also-bought?customerId=c-butter&limit=1&excludePurchased=false");
                })
                .onComplete(testContext.succeeding(body -> testContext.verify(() -> {
                    assertThat(ids(body)).containsExactly("butter");
                    testContext.completeNow();
                })));
    }

    @Test
    void diversityCapAppliesToAlsoBoughtAndRecommendations(VertxTestContext testContext) {
        ok("/v1/items/whole%20milk/also-bought?maxPerCategory=1")
                .compose(body -> {
                    testContext.verify(() -> assertThat(ids(body)).containsExactly("butter", "bread"));
                    return ok("/v1/customers/c-milk/recommendations?maxPerCategory=2&limit=3");
                })
                .compose(body -> {
                    testContext.verify(() -> {
                        assertThat(body.getString("strategy")).isEqualTo("personal");
                        assertThat(ids(body)).containsExactly("butter", "yogurt", "bread");
                    });
                    return ok("/v1/customers/c-milk/recommendations?category=bakery");
                })
                .onComplete(testContext.succeeding(body -> testContext.verify(() -> {
                    assertThat(ids(body)).containsExactly("bread", "rolls");
                    testContext.completeNow();
                })));
    }

    @Test
    void filtersApplyToThePopularFallbackToo(VertxTestContext testContext) {
        ok("/v1/items/caviar/also-bought?category=bakery")
                .onComplete(testContext.succeeding(body -> testContext.verify(() -> {
                    assertThat(body.getString("strategy")).isEqualTo("popular");
                    assertThat(ids(body)).containsExactlyInAnyOrder("bread", "rolls");
                    testContext.completeNow();
                })));
    }

    @ParameterizedTest
    @CsvSource({
        "maxPerCategory=0,maxPerCategory",
        "maxPerCategory=abc,maxPerCategory",
        "maxPerCategory=%EF%BC%95,maxPerCategory",
        "maxPerCategory=101,maxPerCategory",
        "excludePurchased=yes,excludePurchased",
        "inStock=1,inStock",
        "category=,category",
        "excludeCategory=,excludeCategory",
    })
    void refusesBadFilterValuesNamingTheParameter(String query, String field, VertxTestContext testContext) {
        get("/v1/items/whole%20milk/also-bought?" + query)
                .send()
                .compose(resp -> {
                    testContext.verify(() -> {
                        assertThat(resp.statusCode()).isEqualTo(400);
                        assertThat(resp.bodyAsJsonObject()
                                        .getJsonObject("error")
                                        .getString("field"))
                                .isEqualTo(field);
                    });
                    return get("/v1/customers/c-milk/recommendations?" + query).send();
                })
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
                    assertThat(error.getString("field")).isEqualTo(field);
                    assertThat(error.getString("message")).startsWith(field + ": ");
                    testContext.completeNow();
                })));
    }

    @Test
    void catalogueNamesItemsInReasonsAndFiltersOnStock(VertxTestContext testContext) {
        JsonArray records = new JsonArray()
                .add(record("whole milk", "Whole milk", "dairy", 1.1, true))
                .add(record("butter", "Butter", "dairy", 3.0, false))
                .add(record("bread", "Bread", "bakery", 2.0, true));
        ok("/v1/items/whole%20milk/also-bought")
                .compose(before -> postCatalog(records))
                .compose(resp -> {
                    testContext.verify(() -> {
                        assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(200);
                        assertThat(resp.bodyAsJsonObject().getInteger("accepted"))
                                .isEqualTo(3);
                    });
                    return ok("/v1/items/whole%20milk/also-bought?limit=1");
                })
                .compose(body -> {
                    testContext.verify(() -> assertThat(
                                    body.getJsonArray("items").getJsonObject(0).getString("reason"))
                            .startsWith("bought together with Whole milk by 40 customers (LLR "));
                    return ok("/v1/items/whole%20milk/also-bought?inStock=true");
                })
                .compose(body -> {
                    testContext.verify(() -> assertThat(ids(body)).containsExactly("bread"));
                    return ok("/v1/customers/c-milk/recommendations?limit=1");
                })
                .compose(body -> {
                    testContext.verify(() -> assertThat(
                                    body.getJsonArray("items").getJsonObject(0).getString("reason"))
                            .isEqualTo("because you bought Whole milk: 40 customers bought both (cosine 0.327)"));
                    return ok("/v1/catalog/butter");
                })
                .onComplete(testContext.succeeding(body -> testContext.verify(() -> {
                    assertThat(body).isEqualTo(record("butter", "Butter", "dairy", 3.0, false));
                    testContext.completeNow();
                })));
    }

    @Test
    void refusesABrokenCatalogueWholeNamingTheField(VertxTestContext testContext) {
        JsonArray records = new JsonArray()
                .add(record("butter", "Butter", "dairy", 3.0, true))
                .add(record("bread", "Bread", "bakery", -2.0, true));
        postCatalog(records)
                .compose(resp -> {
                    testContext.verify(() -> {
                        assertThat(resp.statusCode()).isEqualTo(400);
                        JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
                        assertThat(error.getString("code")).isEqualTo("invalid_catalog");
                        assertThat(error.getString("field")).isEqualTo("items[1].price");
                        assertThat(api.views().catalog().size())
                                .as("nothing applied")
                                .isZero();
                    });
                    return postCatalog("{not json");
                })
                .compose(resp -> {
                    testContext.verify(() -> {
                        assertThat(resp.statusCode()).isEqualTo(400);
                        assertThat(resp.bodyAsJsonObject()
                                        .getJsonObject("error")
                                        .getString("field"))
                                .isEqualTo("items");
                    });
                    return postCatalog(new JsonObject()
                            .put("itemId", "x")
                            .put("name", "X")
                            .put("price", 1)
                            .put("inStock", true));
                })
                .compose(resp -> {
                    testContext.verify(() -> {
                        assertThat(resp.statusCode()).isEqualTo(400);
                        assertThat(resp.bodyAsJsonObject()
                                        .getJsonObject("error")
                                        .getString("field"))
                                .isEqualTo("category");
                    });
                    return get("/v1/catalog/caviar").send();
                })
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(404);
                    testContext.completeNow();
                })));
    }

    @Test
    void catalogPricesFeedUpSell(VertxTestContext testContext) {
        JsonArray offers = new JsonArray().add(OffersHandlersTest.offer("upsell", "up_sell", "service"));
        JsonArray prices = new JsonArray()
                .add(record("whole milk", "Whole milk", "dairy", 1.1, true))
                .add(record("butter", "Butter", "dairy", 3.0, true))
                .add(record("yogurt", "Yogurt", "dairy", 0.5, true));
        client.put(api.port(), "localhost", "/v1/offers")
                .sendJson(offers)
                .compose(resp -> postCatalog(prices))
                .compose(resp -> ok("/v1/customers/c-milk/next-best-actions?channel=app"))
                .onComplete(testContext.succeeding(body -> testContext.verify(() -> {
                    JsonArray actions = body.getJsonArray("actions");
                    assertThat(actions).as(body.encode()).hasSize(1);
                    assertThat(actions.getJsonObject(0).getString("offerId")).isEqualTo("upsell");
                    assertThat(actions.getJsonObject(0).getJsonArray("items")).containsExactly("butter");
                    testContext.completeNow();
                })));
    }
}
