package io.rapport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.Totals;
import io.rapport.event.EventType;
import io.rapport.offer.HoldoutRecorder;
import io.rapport.store.Views;
import io.rapport.testing.ApiTestBase;
import io.rapport.testing.Snapshots;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OffersHandlersTest extends ApiTestBase {

    static JsonObject offer(String offerId, String trigger, String contactClass) {
        return new JsonObject()
                .put("offerId", offerId)
                .put("title", "Title of " + offerId)
                .put("action", "offer")
                .put("trigger", trigger)
                .put("channels", new JsonArray().add("app"))
                .put("contactClass", contactClass)
                .put("segments", new JsonArray())
                .put("requiresConsent", false)
                .put("value", 1.0)
                .put("weight", 1.0)
                .put("holdoutPercent", 0)
                .put("validFrom", Instant.now().minusSeconds(3600).toString())
                .put("validTo", Instant.now().plusSeconds(3600).toString());
    }

    @Override
    protected void fill(Views views) {
        views.totals().put(new Totals(1000));
        views.items()
                .put(Snapshots.item("whole milk", 300)
                        .neighbour("butter", 40)
                        .neighbour("bread", 30)
                        .build());
        views.items().put(Snapshots.item("butter", 60).build());
        views.items().put(Snapshots.item("bread", 500).build());
        views.customers().put(new CustomerItems("c-milk", List.of("whole milk", "bread")));
    }

    private Future<JsonObject> putOffers(JsonArray offers) {
        return client.put(api.port(), "localhost", "/v1/offers")
                .sendJson(offers)
                .map(resp -> {
                    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(200);
                    return null;
                });
    }

    private Future<JsonObject> nextBestActions(String customerId) {
        return get("/v1/customers/" + customerId + "/next-best-actions?limit=3&channel=app")
                .send()
                .map(resp -> {
                    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(200);
                    return resp.bodyAsJsonObject();
                });
    }

    @Test
    void shouldStoreAndReturnTheCatalogue(VertxTestContext testContext) {
        JsonArray catalogue = new JsonArray()
                .add(offer("tip", "always", "service")
                        .put("validFrom", "2026-01-01T01:00:00+01:00")
                        .put("validTo", "2030-01-01T00:00:00Z")
                        .put("unknownField", 1));
        client.put(api.port(), "localhost", "/v1/offers")
                .sendJson(catalogue)
                .compose(put -> {
                    testContext.verify(() -> {
                        assertThat(put.statusCode()).isEqualTo(200);
                        assertThat(put.bodyAsJsonArray().getJsonObject(0).getString("validFrom"))
                                .isEqualTo("2026-01-01T00:00:00Z");
                    });
                    return get("/v1/offers").send();
                })
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    JsonObject stored = resp.bodyAsJsonArray().getJsonObject(0);
                    assertThat(stored.fieldNames())
                            .containsExactlyInAnyOrder(
                                    "offerId",
                                    "title",
                                    "action",
                                    "trigger",
                                    "channels",
                                    "contactClass",
                                    "segments",
                                    "requiresConsent",
                                    "value",
                                    "weight",
                                    "holdoutPercent",
                                    "validFrom",
                                    "validTo");
                    assertThat(stored.getString("trigger")).isEqualTo("always");
                    assertThat(api.views().offers().catalogue().offers().offers())
                            .hasSize(1);
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldRefuseTheWholeCatalogueNamingTheField(VertxTestContext testContext) {
        JsonArray catalogue =
                new JsonArray().add(offer("ok", "always", "service")).add(offer("bad", "always", "sometimes"));
        putOffers(new JsonArray().add(offer("before", "always", "service")))
                .compose(v -> client.put(api.port(), "localhost", "/v1/offers").sendJson(catalogue))
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
                    assertThat(error.getString("code")).isEqualTo("invalid_offer");
                    assertThat(error.getString("field")).isEqualTo("offers[1].contactClass");
                    assertThat(error.getString("message"))
                            .isEqualTo("offers[1].contactClass: must be marketing or service");
                    assertThat(api.views().offers().catalogue().offers().offers())
                            .extracting(o -> o.offerId())
                            .containsExactly("before");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldRefuseABodyThatIsNotJson(VertxTestContext testContext) {
        client.put(api.port(), "localhost", "/v1/offers")
                .sendBuffer(io.vertx.core.buffer.Buffer.buffer("[{"))
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    assertThat(resp.bodyAsJsonObject().getJsonObject("error").getString("message"))
                            .isEqualTo("offers: is not valid JSON: Unexpected end-of-input: expected close marker"
                                    + " for Object (opened at column 2)");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldAnswerAnAlwaysServiceOfferToAnUnknownCustomerButNoMarketingOne(VertxTestContext testContext) {
        putOffers(new JsonArray().add(offer("tip", "always", "service")).add(offer("news", "always", "marketing")))
                .compose(v -> nextBestActions("stranger"))
                .onComplete(testContext.succeeding(body -> testContext.verify(() -> {
                    assertThat(body.fieldNames()).containsExactlyInAnyOrder("customerId", "channel", "actions");
                    assertThat(body.getString("customerId")).isEqualTo("stranger");
                    assertThat(body.getString("channel")).isEqualTo("app");
                    JsonArray actions = body.getJsonArray("actions");
                    assertThat(actions).hasSize(1);
                    JsonObject action = actions.getJsonObject(0);
                    assertThat(action.fieldNames())
                            .containsExactlyInAnyOrder(
                                    "offerId", "action", "title", "score", "reason", "items", "holdout");
                    assertThat(action.getString("offerId")).isEqualTo("tip");
                    assertThat(action.getString("reason")).isEqualTo("Picked for you: Title of tip");
                    assertThat(action.getDouble("score")).isEqualTo(0.05);
                    assertThat(action.getBoolean("holdout")).isFalse();
                    testContext.completeNow();
                })));
    }

    @Test
    void withoutAChannel_theOffersOfEveryChannelAreRanked_andTheAnswersChannelIsNull(VertxTestContext testContext) {
        putOffers(new JsonArray()
                        .add(offer("tip", "always", "service"))
                        .add(offer("mail", "always", "service").put("channels", new JsonArray().add("email"))))
                .compose(v ->
                        get("/v1/customers/stranger/next-best-actions?limit=3").send())
                .compose(all -> get("/v1/customers/stranger/next-best-actions?limit=3&channel=EMAIL")
                        .send()
                        .map(email -> List.of(all, email)))
                .onComplete(testContext.succeeding(answers -> testContext.verify(() -> {
                    JsonObject all = answers.get(0).bodyAsJsonObject();
                    assertThat(answers.get(0).statusCode()).isEqualTo(200);
                    assertThat(all.containsKey("channel")).isTrue();
                    assertThat(all.getString("channel")).isNull();
                    assertThat(all.getJsonArray("actions").stream()
                                    .map(a -> ((JsonObject) a).getString("offerId"))
                                    .toList())
                            .containsExactly("mail", "tip"); // equal scores: by offerId
                    JsonObject email = answers.get(1).bodyAsJsonObject();
                    assertThat(email.getString("channel")).isEqualTo("EMAIL");
                    assertThat(email.getJsonArray("actions").getJsonObject(0).getString("offerId"))
                            .isEqualTo("mail");
                    assertThat(email.getJsonArray("actions")).hasSize(1);
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldNameCrossSellItemsNeverBoughtByTheCustomer(VertxTestContext testContext) {
        putOffers(new JsonArray().add(offer("xsell", "cross_sell", "service")))
                .compose(v -> nextBestActions("c-milk"))
                .onComplete(testContext.succeeding(body -> testContext.verify(() -> {
                    JsonObject action = body.getJsonArray("actions").getJsonObject(0);
                    assertThat(action.getJsonArray("items")).containsExactly("butter");
                    assertThat(action.getString("reason"))
                            .isEqualTo("Customers who bought whole milk also bought butter");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldLeaveOutAHeldOutOfferAndRecordTheControlGroup(VertxTestContext testContext) {
        putOffers(new JsonArray().add(offer("tip", "always", "service").put("holdoutPercent", 100)))
                .compose(v -> nextBestActions("c-1"))
                .compose(first -> nextBestActions("c-1").map(first))
                .onComplete(testContext.succeeding(body -> testContext.verify(() -> {
                    assertThat(body.getJsonArray("actions")).isEmpty();
                    assertThat(publisher.published()).hasSize(1);
                    var marker = publisher.published().get(0);
                    assertThat(marker.type()).isEqualTo(EventType.OFFER_IMPRESSION);
                    assertThat(marker.offerId()).isEqualTo("tip");
                    assertThat(marker.customerId()).isEqualTo("c-1");
                    assertThat(marker.source().get("holdout").asBoolean()).isTrue();
                    assertThat(marker.eventId())
                            .isEqualTo(HoldoutRecorder.eventId(
                                    "tip", "c-1", LocalDate.now(ZoneOffset.UTC).toEpochDay()));
                    testContext.completeNow();
                })));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "limit=0&channel=app|limit|limit: must be an integer from 1 to 100",
                "limit=101&channel=app|limit|limit: must be an integer from 1 to 100",
                "limit=%EF%BC%95&channel=app|limit|limit: must be an integer from 1 to 100",
                "limit=+5&channel=app|limit|limit: must be an integer from 1 to 100",
                "channel=a%01p|channel|channel: must not contain control characters",
                "channel=a%E2%80%A8p|channel|channel: must not be blank or hold a line separator or a noncharacter"
                        + " (U+2028, U+2029, U+FFFF …)",
            })
    void shouldRefuseBadParametersNamingThem(String query, String field, String message, VertxTestContext testContext) {
        get("/v1/customers/c-1/next-best-actions?" + query)
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
                    assertThat(error.getString("field")).isEqualTo(field);
                    assertThat(error.getString("message")).isEqualTo(message);
                    testContext.completeNow();
                })));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%E2%80%A8x", "x%EF%BF%BF", "%20"})
    void shouldRefuseACustomerIdNoEventCouldCarry_whateverTheCatalogue(
            String customerId, VertxTestContext testContext) {
        get("/v1/customers/" + customerId + "/next-best-actions?channel=app")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
                    assertThat(error.getString("field")).isEqualTo("customerId");
                    assertThat(error.getString("message"))
                            .isEqualTo("customerId: must not be blank or hold a line separator or a noncharacter"
                                    + " (U+2028, U+2029, U+FFFF …)");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldInstallTheSampleCatalogueOnlyWhenEmpty(VertxTestContext testContext) {
        api.installSampleOffersIfEmpty()
                .compose(installed -> {
                    testContext.verify(() -> assertThat(installed).isTrue());
                    return api.installSampleOffersIfEmpty();
                })
                .onComplete(testContext.succeeding(again -> testContext.verify(() -> {
                    assertThat(again).isFalse();
                    assertThat(api.views().offers().catalogue().offers().offers())
                            .extracting(o -> o.trigger().wireName())
                            .contains("birthday", "abandoned_cart", "win_back", "cross_sell", "up_sell", "always");
                    testContext.completeNow();
                })));
    }
}
