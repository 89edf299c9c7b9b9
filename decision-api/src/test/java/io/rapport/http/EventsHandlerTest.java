package io.rapport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.event.Event;
import io.rapport.testing.ApiTestBase;
import io.rapport.testing.Profiles;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EventsHandlerTest extends ApiTestBase {

    private static JsonObject view(String eventId, String customerId) {
        return new JsonObject()
                .put("eventId", eventId)
                .put("type", "view")
                .put("customerId", customerId)
                .put("timestamp", "2026-11-22T17:00:00Z")
                .put("items", new JsonArray().add(new JsonObject().put("itemId", "whole milk")));
    }

    private static JsonArray views(int n) {
        JsonArray batch = new JsonArray();
        for (int i = 0; i < n; i++) {
            batch.add(view("e-" + i, "c-" + i));
        }
        return batch;
    }

    @Test
    void shouldAcceptBatchAndPublishItInOrder(VertxTestContext testContext) {
        JsonArray batch = views(3);
        batch.getJsonObject(1).put("unknownField", "kept");

        post("/v1/events")
                .sendJson(batch)
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(202);
                    assertThat(resp.bodyAsJsonObject()).isEqualTo(new JsonObject().put("accepted", 3));
                    assertThat(publisher.published()).extracting(Event::eventId).containsExactly("e-0", "e-1", "e-2");
                    assertThat(publisher
                                    .published()
                                    .get(1)
                                    .source()
                                    .get("unknownField")
                                    .textValue())
                            .isEqualTo("kept");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldAcceptSingleEventObject(VertxTestContext testContext) {
        post("/v1/events")
                .sendJson(view("e-1", "c-1"))
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(202);
                    assertThat(resp.bodyAsJsonObject().getInteger("accepted")).isEqualTo(1);
                    assertThat(publisher.published()).hasSize(1);
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldRefuseBatchWithOneBadEvent(VertxTestContext testContext) {
        JsonArray batch = views(3);
        batch.getJsonObject(1).remove("customerId");

        post("/v1/events")
                .sendJson(batch)
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
                    assertThat(error.getString("code")).isEqualTo("invalid_event");
                    assertThat(error.getString("field")).isEqualTo("events[1].customerId");
                    assertThat(error.getString("message")).isEqualTo("events[1].customerId: is required");
                    assertThat(publisher.published()).isEmpty();
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldRefuseMalformedJson(VertxTestContext testContext) {
        post("/v1/events")
                .sendBuffer(Buffer.buffer("[{\"eventId\":"))
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
                    assertThat(error.getString("code")).isEqualTo("invalid_event");
                    assertThat(error.getString("message")).startsWith("body: is not valid JSON");
                    assertThat(publisher.published()).isEmpty();
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldRefuseEmptyBody(VertxTestContext testContext) {
        post("/v1/events")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    assertThat(resp.bodyAsJsonObject().getJsonObject("error").getString("field"))
                            .isEqualTo("body");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldRefuseBatchOverTheEventLimitWith413(VertxTestContext testContext) {
        post("/v1/events")
                .sendJson(views(1001))
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(413);
                    JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
                    assertThat(error.getString("code")).isEqualTo("payload_too_large");
                    assertThat(error.getString("message")).contains("events").contains("1000");
                    assertThat(publisher.published()).isEmpty();
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldRefuseBodyOverOneMebibyteWithJson413(VertxTestContext testContext) {
        byte[] body = new byte[1024 * 1024 + 1];
        Arrays.fill(body, (byte) ' ');

        post("/v1/events")
                .sendBuffer(Buffer.buffer(body))
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(413);
                    assertThat(resp.getHeader("Content-Type")).startsWith("application/json");
                    JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
                    assertThat(error.getString("code")).isEqualTo("payload_too_large");
                    assertThat(error.getString("message")).contains("1048576");
                    assertThat(publisher.published()).isEmpty();
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenKafkaFails(VertxTestContext testContext) {
        publisher.failFromNowOn();

        post("/v1/events")
                .sendJson(views(2))
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(503);
                    assertThat(resp.getHeader("Retry-After")).isEqualTo("1");
                    assertThat(resp.bodyAsJsonObject().getJsonObject("error").getString("code"))
                            .isEqualTo("unavailable");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldCountAcceptedAndRefusedEvents(VertxTestContext testContext) {
        JsonArray bad = views(1);
        bad.getJsonObject(0).put("type", "teleport");

        post("/v1/events")
                .sendJson(views(2))
                .compose(ok -> post("/v1/events").sendJson(bad))
                .compose(refused -> get("/metrics").send())
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.bodyAsString())
                            .contains("rapport_events_accepted_total 2.0")
                            .contains("rapport_events_refused_total{reason=\"invalid_event\"} 1.0");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldCountAcceptedEventsDatedBeyondTheStreamsRetention(VertxTestContext testContext) {
        JsonArray batch = views(4);
        Instant now = Instant.now();
        batch.getJsonObject(0).put("timestamp", now.minus(Duration.ofDays(400)).toString());
        batch.getJsonObject(1).put("timestamp", 1_796_000_000L); // epoch seconds sent as milliseconds: 1970
        batch.getJsonObject(2).put("timestamp", now.minus(Duration.ofDays(364)).toString());
        batch.getJsonObject(3).put("timestamp", now.minusSeconds(60).toString());

        post("/v1/events")
                .sendJson(batch)
                .compose(accepted -> {
                    assertThat(accepted.statusCode()).isEqualTo(202);
                    return get("/metrics").send();
                })
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.bodyAsString())
                            .contains("rapport_events_accepted_total 4.0")
                            .as("400 days and 1970 are past the 365 days; 364 days and a minute ago are not")
                            .contains("rapport_events_beyond_retention_total 2.0");
                    assertThat(publisher.published()).hasSize(4);
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldCountABodyOverTheSizeLimitAsRefused(VertxTestContext testContext) {
        byte[] body = new byte[1024 * 1024 + 1];
        Arrays.fill(body, (byte) ' ');

        post("/v1/events")
                .sendBuffer(Buffer.buffer(body))
                .compose(tooLarge -> {
                    testContext.verify(() -> assertThat(tooLarge.statusCode()).isEqualTo(413));
                    return get("/metrics").send();
                })
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.bodyAsString())
                            .contains("rapport_events_refused_total{reason=\"payload_too_large\"} 1.0");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldRefuseAFormBodyWith415_andCountIt(VertxTestContext testContext) {
        post("/v1/events")
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer(view("e-1", "c-1").encode()))
                .compose(refused -> {
                    testContext.verify(() -> {
                        assertThat(refused.statusCode()).isEqualTo(415);
                        assertThat(refused.bodyAsJsonObject()
                                        .getJsonObject("error")
                                        .getString("field"))
                                .isEqualTo("Content-Type");
                        assertThat(publisher.published()).isEmpty();
                    });
                    return get("/metrics").send();
                })
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.bodyAsString())
                            .contains("rapport_events_refused_total{reason=\"unsupported_media_type\"} 1.0")
                            .doesNotContain("rapport_events_refused_total{reason=\"invalid_event\"}");
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldPublishEraseEventForDeletedCustomer(VertxTestContext testContext) {
        delete("/v1/customers/c%2042")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(202);
                    JsonObject body = resp.bodyAsJsonObject();
                    assertThat(body.getInteger("accepted")).isEqualTo(1);
                    assertThat(body.getString("eventId")).startsWith("erase-");
                    assertThat(publisher.published()).singleElement().satisfies(e -> {
                        assertThat(e.customerId()).isEqualTo("c 42");
                        assertThat(e.eventId()).isEqualTo(body.getString("eventId"));
                        assertThat(e.source().get("type").textValue()).isEqualTo("erase");
                        assertThat(e.source().has("through"))
                                .as("no profile dated ahead")
                                .isFalse();
                    });
                    assertThat(api.registry().scrape())
                            .as("an erase by DELETE is an accepted event too")
                            .contains("rapport_events_accepted_total 1.0");
                    testContext.completeNow();
                })));
    }

    @Test
    void anEraseOfACustomerWhoseLatestEventIsDatedAhead_cutsTheirEventsThere(VertxTestContext testContext) {
        long ahead = System.currentTimeMillis() + 5 * 3_600_000L;
        views.profiles().put(Profiles.withRecentItems("c-ahead", ahead));

        delete("/v1/customers/c-ahead")
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(202);
                    assertThat(publisher.published()).singleElement().satisfies(e -> {
                        assertThat(e.timestamp())
                                .as("a resend of the event dated 5 h ahead stays out")
                                .isEqualTo(ahead);
                        assertThat(e.source().get("through").textValue())
                                .isEqualTo(java.time.Instant.ofEpochMilli(ahead).toString());
                        assertThat(java.time.Instant.parse(
                                        e.source().get("timestamp").textValue()))
                                .as("the erase itself is dated now")
                                .isBefore(java.time.Instant.ofEpochMilli(ahead - 3_600_000L));
                    });
                    testContext.completeNow();
                })));
    }

    @Test
    void shouldRefuseEraseOfOverlongCustomerId(VertxTestContext testContext) {
        delete("/v1/customers/" + "c".repeat(257))
                .send()
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(400);
                    assertThat(resp.bodyAsJsonObject().getJsonObject("error").getString("field"))
                            .isEqualTo("customerId");
                    assertThat(publisher.published()).isEmpty();
                    testContext.completeNow();
                })));
    }
}
