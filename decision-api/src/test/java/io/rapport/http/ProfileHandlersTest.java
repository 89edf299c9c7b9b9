package io.rapport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.JourneyStage;
import io.rapport.store.Views;
import io.rapport.testing.ApiTestBase;
import io.rapport.testing.Profiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/customers/{id}/profile} and {@code /v1/segments} through the real router, on profiles
 * applied as the view consumer applies records of the {@code profiles} topic.
 */
class ProfileHandlersTest extends ApiTestBase {
    private static final int BUYERS = 10;
    private static final long TODAY = Clock.systemUTC().millis();

    /** Ten buyers bought today: c-i has i orders worth 100·i; one browser; one customer erased. */
    @Override
    protected void fill(Views views) {
        int daysAgo = 0;
        for (int i = 1; i <= BUYERS; i++) {
            CustomerProfile buyer = Profiles.buyer("c-" + i, i, 100.0 * i, daysAgo, JourneyStage.REPEAT);
            views.apply(Topics.PROFILES, buyer.customerId(), Json.encode(shifted(buyer)));
        }
        views.apply(Topics.PROFILES, "b-1", Json.encode(Profiles.browser("b-1")));
        views.apply(Topics.PROFILES, "gone", Json.encode(Profiles.buyer("gone", 50, 9_999, 0, JourneyStage.LOYAL)));
        views.apply(Topics.PROFILES, "gone", null);
    }

    /** The fixture's times moved to one instant of today, so that recency is 0 days whatever the date. */
    private static CustomerProfile shifted(CustomerProfile p) {
        long now = TODAY;
        return new CustomerProfile(
                p.customerId(),
                now - 1000,
                now,
                p.orders(),
                p.itemsBought(),
                p.monetary(),
                p.aov(),
                now,
                p.journeyStage(),
                p.topCategories(),
                p.recentItems(),
                p.cart(),
                p.cartUpdatedAt(),
                p.attributes(),
                p.feedback(),
                p.offers(),
                now);
    }

    @Test
    void shouldAnswerThe360View(VertxTestContext testContext) {
        get("/v1/customers/c-10/profile")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(200);
                    JsonObject body = resp.bodyAsJsonObject();
                    assertThat(body.fieldNames())
                            .containsExactlyInAnyOrder(
                                    "customerId",
                                    "recency",
                                    "recencyDays",
                                    "frequency",
                                    "monetary",
                                    "orders",
                                    "aov",
                                    "itemsBought",
                                    "rfm",
                                    "segment",
                                    "segments",
                                    "journeyStage",
                                    "firstSeen",
                                    "lastSeen",
                                    "lastPurchaseAt",
                                    "topCategories",
                                    "recentItems",
                                    "cart",
                                    "attributes",
                                    "feedback",
                                    "offers",
                                    "updatedAt");
                    assertThat(body.getString("customerId")).isEqualTo("c-10");
                    assertThat(body.getLong("recencyDays")).isZero();
                    assertThat(body.getInteger("frequency")).isEqualTo(10);
                    assertThat(body.getDouble("monetary")).isEqualTo(1000.0);
                    assertThat(body.getDouble("aov")).isEqualTo(100.0);
                    assertThat(body.getJsonObject("rfm").getMap())
                            .containsEntry("recency", 3)
                            .containsEntry("frequency", 5)
                            .containsEntry("monetary", 5);
                    assertThat(body.getJsonArray("segments").getList()).containsExactly("big_spenders");
                    assertThat(body.getString("segment")).isEqualTo("big_spenders");
                    assertThat(body.getLong("recency")).isZero();
                    assertThat(body.getString("journeyStage")).isEqualTo("repeat");
                    assertThat(Instant.parse(body.getString("lastPurchaseAt")))
                            .isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
                    assertThat(body.getJsonArray("recentItems").getJsonObject(0).fieldNames())
                            .containsExactlyInAnyOrder("itemId", "category", "type", "at", "price");
                    assertThat(body.getJsonObject("attributes").getString("tier"))
                            .isEqualTo("gold");
                    assertThat(body.getJsonObject("feedback").getInteger("count"))
                            .isZero();
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldAnswerACustomerWithoutOrders_withoutRfmOrAov(VertxTestContext testContext) {
        get("/v1/customers/b-1/profile")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(200);
                    JsonObject body = resp.bodyAsJsonObject();
                    assertThat(body.getValue("rfm")).isNull();
                    assertThat(body.getInteger("orders")).isZero();
                    assertThat(body.containsKey("aov")).isTrue();
                    assertThat(body.getValue("aov")).isNull();
                    assertThat(body.getValue("recencyDays")).isNull();
                    assertThat(body.getJsonArray("segments")).isEmpty();
                    assertThat(body.containsKey("segment")).isTrue();
                    assertThat(body.getValue("segment")).isNull();
                    assertThat(body.getValue("recency")).isNull();
                    assertThat(body.getString("journeyStage")).isEqualTo("carted");
                    JsonObject cart = body.getJsonObject("cart");
                    assertThat(cart.getInteger("units")).isEqualTo(2);
                    assertThat(cart.getJsonArray("items").getJsonObject(0).getString("itemId"))
                            .isEqualTo("milk");
                    assertThat(cart.getString("updatedAt")).isEqualTo(Profiles.NOW.toString());
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldAnswer404ForUnknownAndErasedCustomers(VertxTestContext testContext) {
        Checkpoint checkpoint = testContext.checkpoint(2);
        for (String id : new String[] {"nobody", "gone"}) {
            get("/v1/customers/" + id + "/profile")
                    .send()
                    .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                        assertThat(resp.statusCode()).isEqualTo(404);
                        JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
                        assertThat(error.getString("code")).isEqualTo("not_found");
                        assertThat(error.getString("field")).isEqualTo("customerId");
                        assertThat(error.getString("message"))
                                .startsWith("customerId:")
                                .contains(id);
                        checkpoint.flag();
                    })));
        }
    }

    @Test
    void shouldAnswerSegmentSizesThatAddUp(VertxTestContext testContext) {
        get("/v1/segments")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(200);
                    JsonObject body = resp.bodyAsJsonObject();
                    assertThat(body.getLong("population"))
                            .as("the erased customer is not counted")
                            .isEqualTo(11);
                    assertThat(body.getLong("buyers")).isEqualTo(BUYERS);
                    assertThat(body.getLong("inAnySegment") + body.getLong("unsegmented"))
                            .isEqualTo(11);
                    assertThat(body.getJsonObject("journeyStages").getMap().values().stream()
                                    .mapToLong(v -> ((Number) v).longValue())
                                    .sum())
                            .isEqualTo(11);
                    assertThat(body.getJsonObject("journeyStageDefinitions").fieldNames())
                            .containsExactlyElementsOf(
                                    body.getJsonObject("journeyStages").fieldNames());
                    assertThat(body.getJsonObject("journeyStageDefinitions").getString("repeat"))
                            .isEqualTo("2 to 4 orders; seen within 30 days");
                    for (String dimension : new String[] {"recency", "frequency", "monetary"}) {
                        assertThat(body.getJsonObject("rfm").getJsonArray(dimension).stream()
                                        .mapToLong(v -> ((Number) v).longValue())
                                        .sum())
                                .as(dimension)
                                .isEqualTo(BUYERS);
                    }
                    JsonArray segments = body.getJsonArray("segments");
                    assertThat(segments).hasSize(4);
                    JsonObject champions = segments.getJsonObject(0);
                    assertThat(champions.getString("name")).isEqualTo("champions");
                    assertThat(champions.getString("definition")).isEqualTo("R>=4 and F>=4");
                    assertThat(champions.getLong("size"))
                            .as("all bought at the same instant: R is 3 for everyone")
                            .isZero();
                    assertThat(segments.getJsonObject(3).getString("name")).isEqualTo("big_spenders");
                    assertThat(segments.getJsonObject(3).getLong("size"))
                            .as("c-5 to c-10")
                            .isEqualTo(6);
                    assertThat(body.getString("computedAt")).isNotNull();
                    testContext.completeNow();
                })));
    }
}
