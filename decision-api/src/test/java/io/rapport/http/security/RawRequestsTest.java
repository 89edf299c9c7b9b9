package io.rapport.http.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.testing.ApiTestBase;
import io.rapport.testing.RawHttp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requests only a raw socket sends — bytes outside ASCII in the request line, both framing
 * headers, over-long lines and headers, HTTP versions other than 1.0 and 1.1 — against the real
 * server, read back byte for byte.
 */
class RawRequestsTest extends ApiTestBase {
    private static final String HEAD_END = "Host: localhost\r\nConnection: close\r\n\r\n";

    private static JsonObject error(RawHttp.Answer answer) {
        assertThat(answer.header("Content-Type")).as(answer.head()).startsWith("application/json");
        return new JsonObject(answer.utf8Body()).getJsonObject("error");
    }

    @Test
    void rawBytesThatAreNotUtf8_inThePath_areA400NamingPath() throws Exception {
        RawHttp.Answer answer =
                RawHttp.exchange(api.port(), "GET /v1/items/\u00ff\u00fe/stats HTTP/1.1\r\n" + HEAD_END);

        assertThat(answer.status()).as(answer.utf8Body()).isEqualTo(400);
        assertThat(error(answer).getString("field")).isEqualTo("path");
        assertThat(error(answer).getString("message")).startsWith("path: ");
    }

    @Test
    void rawBytesThatAreNotUtf8_inTheQuery_areA400NamingQuery() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(
                api.port(), "GET /v1/items/milk/also-bought?customerId=\u00c3\u0028 HTTP/1.1\r\n" + HEAD_END);

        assertThat(answer.status()).as(answer.utf8Body()).isEqualTo(400);
        assertThat(error(answer).getString("field")).isEqualTo("query");
    }

    @Test
    void rawUtf8_inThePath_passesTheGuard() throws Exception {
        // "é" as its two UTF-8 bytes, unencoded: valid UTF-8, so routed (an unknown item here)
        RawHttp.Answer answer =
                RawHttp.exchange(api.port(), "GET /v1/items/caf\u00c3\u00a9/stats HTTP/1.1\r\n" + HEAD_END);

        assertThat(answer.status()).as(answer.utf8Body()).isEqualTo(404);
    }

    @Test
    void contentLengthWithTransferEncoding_isA400NamingContentLength() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(
                api.port(),
                "POST /v1/events HTTP/1.1\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n"
                        + HEAD_END
                        + "2\r\n{}\r\n0\r\n\r\n");

        assertThat(answer.status()).as(answer.utf8Body()).isEqualTo(400);
        JsonObject error = error(answer);
        assertThat(error.getString("code")).isEqualTo("bad_request");
        assertThat(error.getString("field")).isEqualTo("Content-Length");
        assertThat(error.getString("message")).startsWith("Content-Length: ").contains("Transfer-Encoding");
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void aMalformedOrRepeatedContentLength_isA400NamingIt_andPublishesNothing() throws Exception {
        for (String lengths : List.of(
                "Content-Length: abc\r\n", "Content-Length: -1\r\n", "Content-Length: 2\r\nContent-Length: 2\r\n")) {
            RawHttp.Answer answer = RawHttp.exchange(
                    api.port(),
                    "POST /v1/events HTTP/1.1\r\nContent-Type: application/json\r\n" + lengths + HEAD_END + "{}");

            assertThat(answer.status()).as(lengths + answer.utf8Body()).isEqualTo(400);
            assertThat(error(answer).getString("field")).isEqualTo("Content-Length");
            assertThat(error(answer).getString("message")).startsWith("Content-Length: must be ");
        }
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void aControlCharacterInAHeaderValue_isA400NamingHeaders() throws Exception {
        for (String header : List.of("Content-Type: application/json\u0000", "Authorization: Bearer a\u007fb")) {
            RawHttp.Answer answer = RawHttp.exchange(
                    api.port(),
                    "POST /v1/events HTTP/1.1\r\n" + header + "\r\nContent-Length: 2\r\n" + HEAD_END + "{}");

            assertThat(answer.status()).as(header + answer.utf8Body()).isEqualTo(400);
            assertThat(error(answer).getString("field")).isEqualTo("headers");
            assertThat(error(answer).getString("message")).startsWith("headers: a header's value holds a control");
        }
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void transferEncodingInHttp10_isA400NamingTransferEncoding() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(
                api.port(),
                "POST /v1/events HTTP/1.0\r\n" + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                        + HEAD_END + "2\r\n{}\r\n0\r\n\r\n");

        assertThat(answer.status()).as(answer.utf8Body()).isEqualTo(400);
        assertThat(error(answer).getString("field")).isEqualTo("Transfer-Encoding");
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void aChunkedBodyWithAMalformedChunkSize_isA400NamingBody_andPublishesNothing() throws Exception {
        for (String chunks : new String[] {"zz\r\n", "2\r\n{}\r\n-1\r\n\r\n", "fffffffffffffffffff\r\n{}\r\n"}) {
            RawHttp.Answer answer = RawHttp.exchange(
                    api.port(),
                    "POST /v1/events HTTP/1.1\r\n" + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                            + HEAD_END + chunks);

            assertThat(answer.status()).as(chunks + ": " + answer.utf8Body()).isEqualTo(400);
            JsonObject error = error(answer);
            assertThat(error.getString("code")).isEqualTo("bad_request");
            assertThat(error.getString("field")).isEqualTo("body");
            assertThat(error.getString("message")).startsWith("body: ");
        }
        assertThat(publisher.published()).isEmpty();
    }

    /**
     * On a route that reads no body, the broken chunk and the route's own answer race: whichever
     * comes first is the answer, a 400 naming the body or the route's 200 (the body is never its
     * input). Without the guard, when the broken chunk came first, Vert.x closed the connection
     * without any answer; now there always is one, never a 5xx.
     */
    @Test
    void aMalformedChunkedBody_onRoutesThatReadNoBody_alwaysGetsAnAnswer() throws Exception {
        for (String head : new String[] {
            "GET /v1/kpis?window=1h", "GET /metrics", "GET /v1/items/milk/also-bought", "DELETE /v1/customers/c-1"
        }) {
            for (int i = 0; i < 10; i++) {
                RawHttp.Answer answer = RawHttp.exchange(
                        api.port(), head + " HTTP/1.1\r\n" + "Transfer-Encoding: chunked\r\n" + HEAD_END + "zz\r\n");

                assertThat(answer.status()).as(head + ": " + answer.utf8Body()).isIn(200, 202, 400);
                if (answer.status() == 400) {
                    assertThat(error(answer).getString("field")).isEqualTo("body");
                    assertThat(error(answer).getString("message")).startsWith("body: could not be read: ");
                }
            }
        }
    }

    @Test
    void requestLineOverTheLimit_isA414() throws Exception {
        RawHttp.Answer answer =
                RawHttp.exchange(api.port(), "GET /v1/items/" + "a".repeat(5_000) + "/stats HTTP/1.1\r\n" + HEAD_END);

        assertThat(answer.status()).isEqualTo(414);
        assertThat(error(answer).getString("code")).isEqualTo("uri_too_long");
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void headersOverTheLimit_areA431() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(
                api.port(), "GET /health/live HTTP/1.1\r\nX-Padding: " + "a".repeat(10_000) + "\r\n" + HEAD_END);

        assertThat(answer.status()).isEqualTo(431);
        assertThat(error(answer).getString("code")).isEqualTo("headers_too_large");
    }

    @Test
    void anHttp11RequestWithoutHost_isA400NamingHost() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(api.port(), "GET /health/live HTTP/1.1\r\nConnection: close\r\n\r\n");

        assertThat(answer.status()).as(answer.utf8Body()).isEqualTo(400);
        assertThat(error(answer).getString("field")).as(answer.utf8Body()).isEqualTo("Host");
        assertThat(error(answer).getString("message")).isEqualTo("Host: is required in HTTP/1.1");
    }

    @Test
    void twoHostHeaders_areA400NamingHost() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(
                api.port(),
                "GET /health/live HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\nConnection: close\r\n\r\n");

        assertThat(answer.status()).as(answer.utf8Body()).isEqualTo(400);
        assertThat(error(answer).getString("field")).isEqualTo("Host");
    }

    @Test
    void transferEncodingWithoutChunkedLast_isA400NamingIt_andNothingIsPublished() throws Exception {
        String event = "{\"eventId\":\"t-1\",\"type\":\"view\",\"customerId\":\"c-t\","
                + "\"timestamp\":\"2026-11-22T17:00:00Z\",\"items\":[{\"itemId\":\"milk\"}]}";
        for (String codings : new String[] {"gzip", "chunked, gzip", "identity"}) {
            RawHttp.Answer answer = RawHttp.exchange(
                    api.port(),
                    "POST /v1/events HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: " + codings
                            + "\r\n" + HEAD_END + event);

            assertThat(answer.status()).as(codings + ": " + answer.utf8Body()).isEqualTo(400);
            assertThat(error(answer).getString("field")).as(codings).isEqualTo("Transfer-Encoding");
            assertThat(answer.header("Connection")).as(codings).isEqualToIgnoringCase("close");
        }
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void transferEncodingWithoutChunkedLast_closesTheConnection_soNoRequestCanBeSmuggledInItsBody() throws Exception {
        // no Connection: close from the client: the server must close, or it answers the GET inside
        RawHttp.Answer answer = RawHttp.exchange(
                api.port(),
                "POST /v1/events HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: gzip\r\n\r\n"
                        + "GET /v1/items/whole%20milk/stats HTTP/1.1\r\nHost: a\r\n\r\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).doesNotContain("HTTP/1.1 200").doesNotContain("whole milk");
    }

    @Test
    void chunkedLastAfterAnotherCoding_passesTheGuard() {
        assertThat(RequestGuard.endsChunked(List.of("gzip, chunked"))).isTrue();
        assertThat(RequestGuard.endsChunked(List.of("gzip", " Chunked "))).isTrue();
        assertThat(RequestGuard.endsChunked(List.of("chunked", "gzip"))).isFalse();
        assertThat(RequestGuard.endsChunked(List.of(""))).isFalse();
    }

    @Test
    void laterHttp1MinorVersion_isServedAsHttp11() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(api.port(), "GET /health/live HTTP/1.2\r\n" + HEAD_END);

        assertThat(answer.statusLine()).as(answer.head()).startsWith("HTTP/1.1 200");
        assertThat(answer.utf8Body()).contains("\"status\"");
    }

    @Test
    void eventsPostedOverALaterHttp1MinorVersion_arePublished() throws Exception {
        String event = "{\"eventId\":\"v-1\",\"type\":\"view\",\"customerId\":\"c-v\","
                + "\"timestamp\":\"2026-11-22T17:00:00Z\",\"items\":[{\"itemId\":\"milk\"}]}";
        RawHttp.Answer answer = RawHttp.exchange(
                api.port(),
                "POST /v1/events HTTP/1.5\r\nContent-Type: application/json\r\nContent-Length: " + event.length()
                        + "\r\n" + HEAD_END + event);

        assertThat(answer.status()).as(answer.utf8Body()).isEqualTo(202);
        assertThat(publisher.published()).hasSize(1);
    }

    @Test
    void otherHttpVersions_areA400NamingVersion() throws Exception {
        for (String version : new String[] {"HTTP/2.0", "HTTP/0.9", "HTTP/3.1", "FOO/1.1"}) {
            RawHttp.Answer answer = RawHttp.exchange(api.port(), "GET /health/live " + version + "\r\n" + HEAD_END);

            assertThat(answer.status()).as(version + ": " + answer.head()).isEqualTo(400);
            JsonObject error = error(answer);
            assertThat(error.getString("code")).as(version).isEqualTo("bad_request");
            assertThat(error.getString("field")).as(version).isEqualTo("version");
            assertThat(error.getString("message")).as(version).startsWith("version: ");
        }
    }
}
