package io.rapport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.testing.ApiTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every route with a JSON body shares, through the real router: a body sent as a form is
 * refused with 415 before it is read, whatever its size, and JSON nested past the configured depth
 * is refused with a 400 naming the field and the limit, on the admin writes as on events.
 */
class JsonBodyRoutesTest extends ApiTestBase {
    private static final String FORM = "application/x-www-form-urlencoded";

    /** A valid body for each route with one. */
    static Stream<Arguments> bodyRoutes() {
        String now = Instant.now().toString();
        JsonObject event = new JsonObject()
                .put("eventId", "e-1")
                .put("type", "view")
                .put("customerId", "c-1")
                .put("timestamp", now)
                .put("items", new JsonArray().add(new JsonObject().put("itemId", "milk")));
        JsonObject catalogRecord = new JsonObject()
                .put("itemId", "milk")
                .put("name", "Milk")
                .put("category", "dairy")
                .put("price", 1.5)
                .put("inStock", true);
        return Stream.of(
                Arguments.of(HttpMethod.POST, "/v1/events", event.encode()),
                Arguments.of(
                        HttpMethod.PUT,
                        "/v1/offers",
                        new JsonArray()
                                .add(OffersHandlersTest.offer("tip", "always", "service"))
                                .encode()),
                Arguments.of(
                        HttpMethod.PUT,
                        "/v1/campaigns",
                        new JsonArray().add(CampaignsHandlerTest.coffeeWeek()).encode()),
                Arguments.of(HttpMethod.POST, "/v1/catalog", catalogRecord.encode()));
    }

    static Stream<Arguments> formsOnEveryBodyRoute() {
        List<Arguments> cases = new ArrayList<>();
        for (String type :
                List.of(FORM, "multipart/form-data; boundary=x", "Application/X-WWW-Form-Urlencoded; charset=utf-8")) {
            bodyRoutes()
                    .forEach(route -> cases.add(Arguments.of(route.get()[0], route.get()[1], route.get()[2], type)));
        }
        return cases.stream();
    }

    private HttpResponse<Buffer> send(HttpMethod method, String uri, String contentType, String body) throws Exception {
        HttpRequest<Buffer> request = client.request(method, api.port(), "localhost", uri);
        if (contentType != null) {
            request.putHeader("Content-Type", contentType);
        }
        return request.sendBuffer(Buffer.buffer(body))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private void assertNothingWritten() throws Exception {
        assertThat(publisher.published()).as("events published").isEmpty();
        assertThat(api.views().catalog().size()).as("catalogue records").isZero();
        for (String set : List.of("/v1/offers", "/v1/campaigns")) {
            assertThat(get(set).send()
                            .toCompletionStage()
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS)
                            .bodyAsJsonArray())
                    .as(set)
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} {1} as {3}")
    @MethodSource("formsOnEveryBodyRoute")
    void formBody_isRefusedWith415NamingContentType(HttpMethod method, String uri, String body, String type)
            throws Exception {
        HttpResponse<Buffer> resp = send(method, uri, type, body);

        assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(415);
        assertThat(resp.getHeader("Content-Type")).startsWith("application/json");
        JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("unsupported_media_type");
        assertThat(error.getString("field")).isEqualTo("Content-Type");
        assertThat(error.getString("message"))
                .startsWith("Content-Type: ")
                .contains("application/json")
                .doesNotContain("boundary")
                .doesNotContain("charset");
        assertNothingWritten();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("bodyRoutes")
    void aBodyWithAContentCoding_isRefusedWith415NamingContentEncoding(HttpMethod method, String uri, String body)
            throws Exception {
        for (String coding : List.of("gzip", "br", "GZIP, identity")) {
            HttpResponse<Buffer> resp = client.request(method, api.port(), "localhost", uri)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Content-Encoding", coding)
                    .sendBuffer(Buffer.buffer(body))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);

            assertThat(resp.statusCode())
                    .as(coding + ": " + resp.bodyAsString())
                    .isEqualTo(415);
            assertThat(resp.getHeader("Accept-Encoding")).isEqualTo("identity");
            JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
            assertThat(error.getString("field")).isEqualTo("Content-Encoding");
            assertThat(error.getString("message"))
                    .isEqualTo("Content-Encoding: " + coding + " is not accepted; send the body uncompressed");
        }
        assertNothingWritten();
        HttpResponse<Buffer> identity = client.request(method, api.port(), "localhost", uri)
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Encoding", "identity")
                .sendBuffer(Buffer.buffer(body))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(identity.statusCode()).as(identity.bodyAsString()).isBetween(200, 299);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("bodyRoutes")
    void jsonBody_isReadWithJsonWithoutOrWithTextPlainContentType(HttpMethod method, String uri, String body)
            throws Exception {
        for (String type : new String[] {"application/json", null, "text/plain", "application/json; charset=utf-8"}) {
            HttpResponse<Buffer> resp = send(method, uri, type, body);

            assertThat(resp.statusCode())
                    .as("%s %s as %s: %s", method, uri, type, resp.bodyAsString())
                    .isBetween(200, 202);
        }
    }

    /** The audit's bodies: valid events of 1,015 and 1,116 bytes, once answered 202 and 400 as forms. */
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1_015, 1_116})
    void validEventSentAsForm_isRefusedWith415WhateverItsSize_andAcceptedAsJson(int size) throws Exception {
        String start = "{\"eventId\":\"e-" + size + "\",\"type\":\"view\",\"customerId\":\"c-1\",\"timestamp\":\""
                + Instant.now() + "\",\"items\":[{\"itemId\":\"milk\"}],\"note\":\"";
        String event = start + "x".repeat(size - start.length() - 2) + "\"}";
        assertThat(event.getBytes(StandardCharsets.UTF_8)).hasSize(size);

        assertThat(send(HttpMethod.POST, "/v1/events", FORM, event).statusCode())
                .isEqualTo(415);
        assertThat(publisher.published()).isEmpty();
        assertThat(send(HttpMethod.POST, "/v1/events", "application/json", event)
                        .statusCode())
                .isEqualTo(202);
        assertThat(publisher.published()).hasSize(1);
    }

    static Stream<Arguments> tooDeepOnEveryAdminRoute() {
        String offer = OffersHandlersTest.offer("tip", "always", "service").encode();
        String deepOffer = "[" + offer.substring(0, offer.length() - 1) + ",\"unknown\":" + nested(100) + "}]";
        String campaign = CampaignsHandlerTest.coffeeWeek().encode();
        String deepCampaign = "[" + campaign.substring(0, campaign.length() - 1) + ",\"unknown\":" + nested(100) + "}]";
        String deepRecord = "{\"itemId\":\"milk\",\"name\":\"Milk\",\"price\":1,\"unknown\":" + nested(100) + "}";
        String deepArray = "[".repeat(5_000) + "]".repeat(5_000);
        return Stream.of(
                Arguments.of(HttpMethod.PUT, "/v1/offers", deepOffer, "offers", "invalid_offer"),
                Arguments.of(HttpMethod.PUT, "/v1/offers", deepArray, "offers", "invalid_offer"),
                Arguments.of(HttpMethod.PUT, "/v1/campaigns", deepCampaign, "campaigns", "invalid_campaign"),
                Arguments.of(HttpMethod.PUT, "/v1/campaigns", deepArray, "campaigns", "invalid_campaign"),
                Arguments.of(HttpMethod.POST, "/v1/catalog", deepRecord, "items", "invalid_catalog"),
                Arguments.of(HttpMethod.POST, "/v1/catalog", deepArray, "items", "invalid_catalog"));
    }

    /** {@code {"a":{"a":…1…}}}, {@code levels} objects deep. */
    private static String nested(int levels) {
        return "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
    }

    @ParameterizedTest(name = "{0} {1} refused naming {3}")
    @MethodSource("tooDeepOnEveryAdminRoute")
    void jsonNestedPastTheLimit_isRefusedNamingTheFieldAndTheLimit(
            HttpMethod method, String uri, String body, String field, String code) throws Exception {
        JsonObject error = refused(send(method, uri, "application/json", body), field);
        assertThat(error.getString("code")).isEqualTo(code);
        assertThat(error.getString("message")).startsWith(field + ": breaks a JSON limit (nesting depth at most 32)");
    }

    /** The error of a 400 naming {@code field}, after which nothing was written. */
    private JsonObject refused(HttpResponse<Buffer> resp, String field) throws Exception {
        assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(400);
        JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("field")).isEqualTo(field);
        assertNothingWritten();
        return error;
    }

    static Stream<Arguments> aKeyTwiceOnEveryAdminRoute() {
        String offer = OffersHandlersTest.offer("tip", "always", "service").encode();
        String twiceOffer = "[" + offer.replace("\"offerId\":\"tip\"", "\"offerId\":\"tip\",\"offerId\":\"top\"") + "]";
        String campaign = CampaignsHandlerTest.coffeeWeek().encode();
        String twiceCampaign = "[" + campaign.replaceFirst("\\{", "{\"campaignId\":\"x\",") + "]";
        String twiceRecord = "{\"itemId\":\"milk\",\"itemId\":\"milk2\",\"name\":\"Milk\",\"price\":1}";
        String twiceInSecondRecord = "[{\"itemId\":\"milk\",\"name\":\"Milk\",\"price\":1},"
                + "{\"itemId\":\"tea\",\"name\":\"Tea\",\"name\":{\"en\":\"Tea\"},\"price\":2}]";
        String secondOffer = offer.replace("\"offerId\":\"tip\"", "\"offerId\":\"tap\"")
                .replace("\"title\":", "\"title\":\"first\",\"title\":");
        return Stream.of(
                Arguments.of(HttpMethod.PUT, "/v1/offers", twiceOffer, "offers[0].offerId"),
                Arguments.of(HttpMethod.PUT, "/v1/offers", "[" + offer + "," + secondOffer + "]", "offers[1].title"),
                Arguments.of(HttpMethod.PUT, "/v1/campaigns", twiceCampaign, "campaigns[0].campaignId"),
                Arguments.of(HttpMethod.POST, "/v1/catalog", twiceRecord, "itemId"),
                Arguments.of(HttpMethod.POST, "/v1/catalog", twiceInSecondRecord, "items[1].name"));
    }

    @ParameterizedTest(name = "{0} {1} refused naming {3}")
    @MethodSource("aKeyTwiceOnEveryAdminRoute")
    void aKeyGivenTwiceInOneObject_isRefusedNamingIt(HttpMethod method, String uri, String body, String field)
            throws Exception {
        JsonObject error = refused(send(method, uri, "application/json", body), field);
        assertThat(error.getString("message")).isEqualTo(field + ": is given twice");
    }

    @Test
    void events_andAdminWrites_refuseNestingInTheSameWords() throws Exception {
        String deep = "[".repeat(33) + "]".repeat(33);

        String events = send(HttpMethod.POST, "/v1/events", "application/json", deep)
                .bodyAsJsonObject()
                .getJsonObject("error")
                .getString("message");
        String offers = send(HttpMethod.PUT, "/v1/offers", "application/json", deep)
                .bodyAsJsonObject()
                .getJsonObject("error")
                .getString("message");

        assertThat(offers).isEqualTo(events.replaceFirst("^body:", "offers:"));
    }

    @Test
    void offerNestedExactlyToTheLimit_isStored() throws Exception {
        String offer = OffersHandlersTest.offer("tip", "always", "service").encode();
        // array, offer, then 30 objects: 32 levels
        String atTheLimit = "[" + offer.substring(0, offer.length() - 1) + ",\"unknown\":" + nested(30) + "}]";
        String overIt = "[" + offer.substring(0, offer.length() - 1) + ",\"unknown\":" + nested(31) + "}]";

        assertThat(send(HttpMethod.PUT, "/v1/offers", "application/json", overIt)
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<Buffer> stored = send(HttpMethod.PUT, "/v1/offers", "application/json", atTheLimit);
        assertThat(stored.statusCode()).as(stored.bodyAsString()).isEqualTo(200);
        assertThat(stored.bodyAsJsonArray()).hasSize(1);
    }
}
