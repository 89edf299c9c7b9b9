package io.rapport.http.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.api.ApiConfig;
import io.rapport.api.DecisionApi;
import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.Totals;
import io.rapport.store.Views;
import io.rapport.testing.RecordingPublisher;
import io.rapport.testing.Snapshots;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hostile requests against every route of the real router (in-memory views, a recording
 * publisher): each must get a 4xx with the JSON error shape within 10 s, never a 5xx or a stack
 * trace, and nothing may be published. The API must still be live after each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
    private static final Logger LOG = LoggerFactory.getLogger(HostileInputTest.class);
    private static final String NOW = Instant.now().toString();

    private final Vertx vertx = Vertx.vertx();
    private final Views views = Views.empty();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final AtomicInteger tried = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private DecisionApi api;
    private WebClient client;

    /** One hostile request. */
    record Case(String name, HttpMethod method, String uri, Buffer body) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void start() throws Exception {
        views.totals().put(new Totals(1000));
        views.items()
                .put(Snapshots.item("whole milk", 300)
                        .views(400, 100)
                        .neighbour("butter", 40)
                        .build());
        views.items().put(Snapshots.item("butter", 60).build());
        views.customers().put(new CustomerItems("c-1", List.of("butter")));
        views.progress().report(0, true, System.currentTimeMillis());
        api = DecisionApi.start(vertx, ApiConfig.of(0, null), views, publisher)
                .toCompletionStage()
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
        client = WebClient.create(
                vertx, new WebClientOptions().setMaxInitialLineLength(1 << 20).setMaxHeaderSize(1 << 20));
    }

    @AfterAll
    void stop() throws Exception {
        LOG.info("hostile requests tried: {}, 5xx answers: {}", tried.get(), serverErrors.get());
        client.close();
        api.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithA4xxJsonError(Case c) throws Exception {
        tried.incrementAndGet();
        int publishedBefore = publisher.published().size();
        HttpRequest<Buffer> request = client.request(c.method, api.port(), "localhost", c.uri)
                .putHeader("Content-Type", "application/json")
                .timeout(3_000);
        HttpResponse<Buffer> resp = (c.body == null ? request.send() : request.sendBuffer(c.body))
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        if (resp.statusCode() >= 500) {
            serverErrors.incrementAndGet();
        }
        String body = resp.bodyAsString();
        assertThat(resp.statusCode()).as("%s → %s", c, body).isBetween(400, 499);
        assertThat(resp.getHeader("Content-Type")).as("%s content type", c).startsWith("application/json");
        JsonObject error = new JsonObject(body).getJsonObject("error");
        assertThat(error.getString("code")).as(c.name).isNotBlank();
        assertThat(error.getString("message")).as(c.name).isNotBlank().hasSizeLessThan(2_000);
        assertThat(body)
                .as(c.name)
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("at io.");
        assertThat(publisher.published()).as("published after %s", c).hasSize(publishedBefore);
        HttpResponse<Buffer> live = client.get(api.port(), "localhost", "/health/ready")
                .send()
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(live.statusCode()).isEqualTo(200);
    }

    @Test
    void anEmptyIdInThePath_isA400NamingTheId_notA404ForAnotherPath() throws Exception {
        Map<String, String> fieldByUri = Map.of(
                "/v1/items//stats", "itemId",
                "/v1/items//also-bought", "itemId",
                "/v1/customers//profile", "customerId",
                "/v1/catalog//x", "itemId",
                "/v1//segments", "path",
                "//v1/offers", "path");
        for (Map.Entry<String, String> c : fieldByUri.entrySet()) {
            HttpResponse<Buffer> resp = client.get(api.port(), "localhost", c.getKey())
                    .send()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(resp.statusCode()).as(c.getKey()).isEqualTo(400);
            JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
            assertThat(error.getString("field")).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(error.getString("message")).isEqualTo(c.getValue() + ": must not be empty");
            assertThat(error.getString("code"))
                    .as(c.getKey())
                    .isEqualTo(c.getValue().equals("path") ? "bad_request" : "invalid_parameter");
        }
    }

    @Test
    void aTrailingSlashWhereAnIdShouldFollow_isA400NamingTheId_butNotOnAPathOfItsOwn() throws Exception {
        List<Case> empty = List.of(
                new Case("customerId", HttpMethod.DELETE, "/v1/customers/", null),
                new Case("customerId", HttpMethod.GET, "/v1/customers/", null),
                new Case("itemId", HttpMethod.GET, "/v1/catalog/", null),
                new Case("itemId", HttpMethod.GET, "/v1/items/", null),
                new Case("campaignId", HttpMethod.GET, "/v1/campaigns//report", null),
                new Case("customerId", HttpMethod.POST, "/v1/customers//next-best-actions", null));
        for (Case c : empty) {
            HttpResponse<Buffer> resp = send(c.method(), c.uri(), null);
            assertThat(resp.statusCode()).as(c.method() + " " + c.uri()).isEqualTo(400);
            JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
            assertThat(error.getString("field")).as(c.uri()).isEqualTo(c.name());
            assertThat(error.getString("message")).isEqualTo(c.name() + ": must not be empty");
            assertThat(error.getString("code")).as(c.uri()).isEqualTo("invalid_parameter");
        }
        // a collection's own path with a trailing slash is still that path
        assertThat(send(HttpMethod.GET, "/v1/campaigns/", null).statusCode()).isEqualTo(200);
        assertThat(send(HttpMethod.GET, "/v1/offers/", null).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> catalog = send(HttpMethod.POST, "/v1/catalog/", Buffer.buffer("[]"));
        assertThat(catalog.bodyAsString()).doesNotContain("itemId: must not be empty");
        assertThat(catalog.statusCode()).isNotEqualTo(405);
    }

    private HttpResponse<Buffer> send(HttpMethod method, String uri, Buffer body) throws Exception {
        HttpRequest<Buffer> request = client.request(method, api.port(), "localhost", uri);
        return (body == null
                        ? request.send()
                        : request.putHeader("Content-Type", "application/json").sendBuffer(body))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void aValidRequestStillWorksAfterwards() throws Exception {
        HttpResponse<Buffer> resp = client.get(api.port(), "localhost", "/v1/items/whole%20milk/also-bought")
                .send()
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(resp.statusCode()).isEqualTo(200);
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String bodyRoute : List.of("/v1/events", "/v1/offers")) {
            HttpMethod m = bodyRoute.equals("/v1/events") ? HttpMethod.POST : HttpMethod.PUT;
            for (var b : hostileBodies(bodyRoute.equals("/v1/events") ? 0 : 1).entrySet()) {
                cases.add(new Case(m + " " + bodyRoute + ": " + b.getKey(), m, bodyRoute, b.getValue()));
            }
        }
        for (String route : List.of("PUT /v1/campaigns", "POST /v1/catalog")) {
            HttpMethod m = HttpMethod.valueOf(route.split(" ")[0]);
            for (var b : hostileBodies(2).entrySet()) {
                cases.add(new Case(route + ": " + b.getKey(), m, route.split(" ")[1], b.getValue()));
            }
        }
        // Path ids on every route that takes one.
        List<String> idRoutes = List.of(
                "/v1/items/%s/also-bought",
                "/v1/items/%s/stats",
                "/v1/customers/%s/recommendations",
                "/v1/customers/%s/profile",
                "/v1/customers/%s/next-best-actions?channel=app",
                "/v1/catalog/%s",
                "/v1/campaigns/%s/report");
        List<String> badIds = List.of(
                "%00",
                "a%00b",
                "%0A",
                "%1B%5B31m",
                "%7F",
                "x".repeat(257),
                "%E0%A4%A",
                "%ZZ",
                "%",
                "a%2",
                "%C0%AF",
                "%ED%A0%80");
        for (String route : idRoutes) {
            for (String id : badIds) {
                cases.add(new Case("GET " + route.formatted(abbrev(id)), HttpMethod.GET, route.formatted(id), null));
            }
        }
        for (String id : badIds) {
            cases.add(new Case("DELETE customer " + abbrev(id), HttpMethod.DELETE, "/v1/customers/" + id, null));
        }
        for (String trick : List.of("..%2F..%2Fetc%2Fpasswd", "%2F", "..", "%2e%2e", "../../../etc/passwd")) {
            cases.add(new Case("GET stats of " + trick, HttpMethod.GET, "/v1/items/" + trick + "/stats", null));
            cases.add(new Case("DELETE " + trick, HttpMethod.DELETE, "/v1/customers/" + trick + "/x", null));
        }
        cases.add(new Case(
                "very long path (100 KB)", HttpMethod.GET, "/v1/items/" + "a".repeat(100_000) + "/stats", null));
        cases.add(new Case("very long unknown path", HttpMethod.GET, "/" + "x/".repeat(20_000), null));
        // Query parameters.
        for (String limit : List.of(
                "-1",
                "0",
                "101",
                "1e9",
                "2147483648",
                "99999999999999999999",
                "abc",
                "",
                "1.5",
                "0x10",
                "%00",
                "1%00",
                "NaN",
                "Infinity",
                "%20%2010")) {
            cases.add(new Case(
                    "also-bought limit=" + limit,
                    HttpMethod.GET,
                    "/v1/items/whole%20milk/also-bought?limit=" + limit,
                    null));
            cases.add(new Case(
                    "recommendations limit=" + limit,
                    HttpMethod.GET,
                    "/v1/customers/c-1/recommendations?limit=" + limit,
                    null));
            cases.add(new Case(
                    "next-best-actions limit=" + limit,
                    HttpMethod.GET,
                    "/v1/customers/c-1/next-best-actions?channel=app&limit=" + limit,
                    null));
        }
        for (String customer : List.of("%00", "x".repeat(300), "%0D%0A")) {
            cases.add(new Case(
                    "also-bought customerId=" + abbrev(customer),
                    HttpMethod.GET,
                    "/v1/items/whole%20milk/also-bought?customerId=" + customer,
                    null));
        }
        // (an empty channel, or none, is not hostile: the offers of every channel, OffersHandlersTest)
        for (String channel : List.of("%00", "x".repeat(300))) {
            cases.add(new Case(
                    "next-best-actions channel=" + abbrev(channel),
                    HttpMethod.GET,
                    "/v1/customers/c-1/next-best-actions?channel=" + channel,
                    null));
        }
        for (String window : List.of(
                "-1h",
                "0h",
                "181d",
                "1441m",
                "169h",
                "1000000d",
                "99999999999999999999h",
                "1e9h",
                "1y",
                "h",
                "",
                "%00",
                "1h%00",
                "1.5h",
                "PT1H",
                "1H",
                "x".repeat(10_000))) {
            cases.add(new Case("kpis window=" + abbrev(window), HttpMethod.GET, "/v1/kpis?window=" + window, null));
        }
        cases.add(new Case(
                "limit given twice", HttpMethod.GET, "/v1/items/whole%20milk/also-bought?limit=1&limit=500", null));
        cases.add(new Case(
                "100,000 query parameters",
                HttpMethod.GET,
                "/v1/items/whole%20milk/also-bought?" + "a=1&".repeat(25_000) + "limit=0",
                null));
        // Methods a route does not have.
        for (String uri :
                List.of("/v1/events", "/v1/segments", "/v1/kpis", "/metrics", "/dashboard", "/v1/items/x/stats")) {
            cases.add(new Case("PATCH " + uri, HttpMethod.PATCH, uri, Buffer.buffer("{}")));
        }
        cases.add(new Case("POST to a read route", HttpMethod.POST, "/v1/items/x/stats", Buffer.buffer("{}")));
        return cases.stream();
    }

    private static String abbrev(String s) {
        return s.length() > 40 ? s.substring(0, 12) + "…(" + s.length() + " chars)" : s;
    }

    private static java.util.Map<String, Buffer> hostileBodies(int kind) {
        java.util.Map<String, Buffer> b = new java.util.LinkedHashMap<>();
        b.put("empty body", Buffer.buffer());
        b.put("only whitespace", Buffer.buffer("   \n\t "));
        for (String s : List.of(
                "{",
                "[",
                "nul",
                "{\"a\":}",
                "[1,2",
                "{}x",
                "{}{}",
                "[]]",
                "\"unterminated",
                "{'single':'quotes'}",
                "{\"a\":1,}",
                "[,]",
                "NaN",
                "Infinity",
                "-",
                "1e99999",
                "/* c */ {}",
                "\u0000",
                "\uFEFF{}",
                "{\"a\":\"\\u12\"}",
                "{\"a\":\"\\x41\"}",
                "{\"\\ud800\":1}")) {
            b.put("malformed " + abbrev(s.replace("\u0000", "\\0")), Buffer.buffer(s));
        }
        for (String s :
                List.of("42", "\"string\"", "null", "true", "[[]]", "[null]", "[42]", "[\"x\"]", "{}", "[{}]")) {
            b.put("wrong top-level " + s, Buffer.buffer(s));
        }
        b.put(
                "invalid UTF-8",
                Buffer.buffer(new byte[] {'[', '{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}', ']'}));
        b.put("array nested 100,000 deep", Buffer.buffer("[".repeat(100_000) + "]".repeat(100_000)));
        b.put("object nested 40 deep", Buffer.buffer("{\"a\":".repeat(40) + "1" + "}".repeat(40)));
        b.put("array nested 33 deep", Buffer.buffer("[".repeat(33) + "]".repeat(33)));
        b.put("2 MiB body", Buffer.buffer("[" + "\"" + "x".repeat(2 << 20) + "\"]"));
        b.put("900 KB string", Buffer.buffer("[{\"eventId\":\"" + "x".repeat(900_000) + "\"}]"));
        b.put("200,000-element array of numbers", Buffer.buffer("[" + "1,".repeat(200_000) + "1]"));
        b.put("huge number", Buffer.buffer("[" + "9".repeat(500_000) + "]"));
        if (kind == 0) {
            String ok = "\"eventId\":\"h-1\",\"customerId\":\"c-1\",\"timestamp\":\"" + NOW + "\"";
            String item = "{\"itemId\":\"i-1\",\"category\":\"dairy\",\"price\":1.5,\"quantity\":1}";
            java.util.function.BiConsumer<String, String> e = (name, json) -> b.put(name, Buffer.buffer(json));
            // A valid event in UTF-16 or UTF-32: valid UTF-8 byte by byte, which Jackson would decode as such.
            String valid = "[{" + ok + ",\"type\":\"view\",\"items\":[" + item + "]}]";
            for (String wide : List.of("UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE")) {
                b.put(
                        "a valid event in " + wide,
                        Buffer.buffer(valid.getBytes(java.nio.charset.Charset.forName(wide))));
            }
            e.accept(
                    "1,001 events",
                    "["
                            + String.join(
                                    ",",
                                    java.util.Collections.nCopies(
                                            1001, "{" + ok + ",\"type\":\"view\",\"items\":[" + item + "]}"))
                            + "]");
            e.accept(
                    "501 items",
                    "{" + ok + ",\"type\":\"purchase\",\"orderId\":\"o\",\"items\":["
                            + String.join(",", java.util.Collections.nCopies(501, item)) + "]}");
            for (String price : List.of("NaN", "Infinity", "-Infinity", "1e400", "-1", "\"1.5\"", "null", "1e-400x")) {
                e.accept(
                        "price " + price,
                        "{" + ok + ",\"type\":\"purchase\",\"orderId\":\"o\",\"items\":[{\"itemId\":\"i\","
                                + "\"price\":" + price + ",\"quantity\":1}]}");
            }
            for (String q :
                    List.of("0", "-1", "10001", "1.5", "1e20", "99999999999999999999", "\"1\"", "NaN", "true")) {
                e.accept(
                        "quantity " + q,
                        "{" + ok + ",\"type\":\"purchase\",\"orderId\":\"o\",\"items\":[{\"itemId\":\"i\","
                                + "\"price\":1,\"quantity\":" + q + "}]}");
            }
            for (String ts : List.of(
                    "\"2026-13-45T00:00:00Z\"",
                    "\"yesterday\"",
                    "\"2026-11-22T17:00:00\"",
                    "\"\"",
                    "1e30",
                    "9223372036854775808",
                    "-9223372036854775809",
                    "\"+999999999-12-31T23:59:59Z\"",
                    "\"2999-01-01T00:00:00Z\"",
                    "null",
                    "[]",
                    "{}",
                    "-1.5",
                    "\"1.5\"",
                    "\"-5\"",
                    "\"2026-02-30T00:00:00Z\"")) {
                e.accept(
                        "timestamp " + ts,
                        "{\"eventId\":\"h-1\",\"type\":\"view\",\"customerId\":\"c-1\"," + "\"timestamp\":" + ts
                                + ",\"items\":[" + item + "]}");
            }
            for (String id : List.of(
                    "\"c\\u0001\"",
                    "\"c\\n\"",
                    "\"\\u0000\"",
                    "\"\"",
                    "42",
                    "null",
                    "[]",
                    "{}",
                    "true",
                    "\"" + "x".repeat(257) + "\"",
                    "\"\\u007f\"",
                    "\"\\ud800\"")) {
                e.accept(
                        "customerId " + abbrev(id),
                        "{\"eventId\":\"h-1\",\"type\":\"view\",\"customerId\":" + id + ",\"timestamp\":\"" + NOW
                                + "\",\"items\":[" + item + "]}");
                e.accept(
                        "eventId " + abbrev(id),
                        "{\"eventId\":" + id + ",\"type\":\"view\",\"customerId\":\"c-1\"" + ",\"timestamp\":\"" + NOW
                                + "\",\"items\":[" + item + "]}");
                e.accept("itemId " + abbrev(id), "{" + ok + ",\"type\":\"view\",\"items\":[{\"itemId\":" + id + "}]}");
            }
            for (String type : List.of("5", "null", "\"\"", "\"VIEW\"", "\"unknown\"", "[\"view\"]")) {
                e.accept("type " + type, "{" + ok + ",\"type\":" + type + ",\"items\":[" + item + "]}");
            }
            for (String items : List.of("{}", "\"x\"", "[]", "[null]", "[1]", "null", "[[]]")) {
                e.accept(
                        "items " + items,
                        "{" + ok + ",\"type\":\"purchase\",\"orderId\":\"o\",\"items\":" + items + "}");
            }
            for (String r : List.of("0", "6", "\"five\"", "2.5", "NaN", "1e400")) {
                e.accept("rating " + r, "{" + ok + ",\"type\":\"feedback\",\"rating\":" + r + "}");
            }
            for (String attrs : List.of(
                    "[]",
                    "\"x\"",
                    "null",
                    "{\"birthday\":\"1990-02-30\"}",
                    "{\"marketingConsent\":\"maybe\"}",
                    "{\"a\":" + "{\"b\":".repeat(40) + "1" + "}".repeat(40) + "}")) {
                e.accept(
                        "attributes " + abbrev(attrs),
                        "{" + ok + ",\"type\":\"profile_update\",\"attributes\":" + attrs + "}");
            }
            e.accept("duplicate key", "{" + ok + ",\"type\":\"view\",\"customerId\":\"c-2\",\"items\":[" + item + "]}");
            e.accept(
                    "good then bad (all-or-nothing)",
                    "[{" + ok + ",\"type\":\"view\",\"items\":[" + item + "]},"
                            + "{\"eventId\":\"h-2\",\"type\":\"view\",\"timestamp\":\"" + NOW + "\",\"items\":[" + item
                            + "]}]");
            e.accept("search without query", "{" + ok + ",\"type\":\"search\"}");
            e.accept("offer event without offerId", "{" + ok + ",\"type\":\"offer_click\"}");
            e.accept("purchase without orderId", "{" + ok + ",\"type\":\"purchase\",\"items\":[" + item + "]}");
        } else if (kind == 1) {
            String offer = "\"offerId\":\"o-1\",\"title\":\"t\",\"action\":\"reward\",\"trigger\":\"always\","
                    + "\"channels\":[\"app\"],\"contactClass\":\"service\",\"validFrom\":\"2026-01-01T00:00:00Z\","
                    + "\"validTo\":\"2027-01-01T00:00:00Z\"";
            java.util.function.BiConsumer<String, String> o = (name, json) -> b.put(name, Buffer.buffer(json));
            for (String v : List.of("NaN", "Infinity", "1e400", "-1", "\"5\"", "null")) {
                o.accept("value " + v, "[{" + offer + ",\"value\":" + v + "}]");
            }
            for (String h : List.of("-1", "101", "1e400", "\"x\"")) {
                o.accept("holdoutPercent " + h, "[{" + offer + ",\"value\":1,\"holdoutPercent\":" + h + "}]");
            }
            o.accept(
                    "validFrom invalid", "[{" + offer.replace("2026-01-01T00:00:00Z", "2026-13-01") + ",\"value\":1}]");
            o.accept("validTo before validFrom", "[{" + offer.replace("2027-01-01", "2025-01-01") + ",\"value\":1}]");
            o.accept(
                    "channels with a control character",
                    "[{" + offer.replace("[\"app\"]", "[\"a\\u0001\"]") + ",\"value\":1}]");
            o.accept("offerId too long", "[{" + offer.replace("o-1", "x".repeat(300)) + ",\"value\":1}]");
            o.accept("duplicate offerIds", "[{" + offer + ",\"value\":1},{" + offer + ",\"value\":1}]");
            o.accept("trigger unknown", "[{" + offer.replace("always", "whenever") + ",\"value\":1}]");
            o.accept(
                    "1,001 offers",
                    "["
                            + String.join(
                                    ",",
                                    java.util.stream.IntStream.range(0, 1001)
                                            .mapToObj(i -> "{" + offer.replace("o-1", "o-" + i) + ",\"value\":1}")
                                            .toList())
                            + "]");
            o.accept("object instead of array", "{" + offer + ",\"value\":1}");
        }
        return b;
    }
}
