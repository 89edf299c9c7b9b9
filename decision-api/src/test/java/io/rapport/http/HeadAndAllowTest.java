package io.rapport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.Totals;
import io.rapport.store.Views;
import io.rapport.testing.ApiTestBase;
import io.rapport.testing.RawHttp;
import io.rapport.testing.Snapshots;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code HEAD} wherever {@code GET} is (same status and headers, no body, timed under the route's
 * template), and 405 with {@code Allow} naming the path's methods, through the real router. The
 * bodies are read off the socket: a client library would drop the body of a HEAD answer itself.
 */
class HeadAndAllowTest extends ApiTestBase {

    @Override
    protected void fill(Views views) {
        views.totals().put(new Totals(1000));
        views.items()
                .put(Snapshots.item("whole milk", 300)
                        .views(400, 100)
                        .neighbour("butter", 40)
                        .build());
        views.items().put(Snapshots.item("butter", 60).build());
        views.customers().put(new CustomerItems("c-1", List.of("butter")));
        views.progress().report(0, true, System.currentTimeMillis());
    }

    private RawHttp.Answer raw(String method, String uri) throws Exception {
        return RawHttp.exchange(
                api.port(), method + " " + uri + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    @ParameterizedTest(name = "HEAD {0}")
    @ValueSource(
            strings = {
                "/health/live",
                "/health/ready",
                "/metrics",
                "/dashboard",
                "/v1/dashboard/summary",
                "/v1/items/whole%20milk/also-bought",
                "/v1/items/whole%20milk/also-viewed",
                "/v1/items/whole%20milk/stats",
                "/v1/items/nothing/stats",
                "/v1/customers/c-1/recommendations",
                "/v1/customers/c-1/profile",
                "/v1/customers/c-1/next-best-actions?channel=app",
                "/v1/segments",
                "/v1/kpis?window=1h",
                "/v1/offers",
                "/v1/campaigns",
                "/v1/campaigns/nothing/report",
                "/v1/catalog/nothing",
                "/v1/items/whole%20milk/also-bought?limit=0"
            })
    void head_answersWhatGetAnswersWithoutTheBody(String uri) throws Exception {
        RawHttp.Answer get = raw("GET", uri);
        RawHttp.Answer head = raw("HEAD", uri);

        assertThat(head.status()).as(head.head()).isEqualTo(get.status()).isNotEqualTo(405);
        assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
        assertThat(head.header("Content-Length"))
                .as("the length of the body GET sends")
                .isNotNull();
        assertThat(head.body()).as("HEAD body").isEmpty();
        assertThat(get.body()).as("GET body").isNotEmpty();
    }

    @ParameterizedTest(name = "HEAD {0}")
    @ValueSource(strings = {"/health/live", "/dashboard", "/v1/items/whole%20milk/stats", "/v1/items/nothing/stats"})
    void head_announcesTheLengthOfTheGetBody(String uri) throws Exception {
        RawHttp.Answer get = raw("GET", uri);
        RawHttp.Answer head = raw("HEAD", uri);

        assertThat(head.header("Content-Length"))
                .isEqualTo(get.header("Content-Length"))
                .isEqualTo(String.valueOf(get.body().length()));
    }

    @Test
    void head_isTimedUnderTheRouteTemplate() throws Exception {
        assertThat(raw("HEAD", "/v1/items/whole%20milk/stats").status()).isEqualTo(200);

        Timer timer = api.registry()
                .find("rapport.http.server.requests")
                .tags("method", "HEAD", "route", "/v1/items/:itemId/stats", "status", "200")
                .timer();
        assertThat(timer).isNotNull();
        assertThat(timer.count()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} {1} → Allow: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "DELETE | /v1/events                  | POST",
                "GET    | /v1/events                  | POST",
                "POST   | /health/live                | GET, HEAD",
                "PATCH  | /metrics                    | GET, HEAD",
                "POST   | /dashboard                  | GET, HEAD",
                "DELETE | /v1/offers                  | GET, HEAD, PUT",
                "PATCH  | /v1/campaigns               | GET, HEAD, PUT",
                "POST   | /v1/items/x/stats           | GET, HEAD",
                "GET    | /v1/customers/c-1           | DELETE",
                "PUT    | /v1/catalog/x               | GET, HEAD",
                "GET    | /v1/catalog                 | POST",
                "OPTIONS| /v1/kpis                    | GET, HEAD"
            })
    void wrongMethod_answers405Json_withAllowListingThePathsMethods(String method, String uri, String allow)
            throws Exception {
        HttpResponse<Buffer> resp = client.request(HttpMethod.valueOf(method), api.port(), "localhost", uri)
                .sendBuffer(Buffer.buffer("{}"))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(405);
        assertThat(resp.getHeader("Allow")).isEqualTo(allow);
        assertThat(resp.getHeader("Content-Type")).startsWith("application/json");
        JsonObject error = resp.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("method_not_allowed");
        assertThat(error.getString("message")).startsWith("method: " + method + " is not allowed on ");
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void head_onAPostOnlyPath_answers405WithAllowAndNoBody() throws Exception {
        RawHttp.Answer head = raw("HEAD", "/v1/events");

        assertThat(head.status()).isEqualTo(405);
        assertThat(head.header("Allow")).isEqualTo("POST");
        assertThat(head.body()).isEmpty();
    }
}
