package io.rapport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.api.ApiConfig;
import io.rapport.api.DecisionApi;
import io.rapport.offer.OfferCataloguePublisher;
import io.rapport.store.Views;
import io.rapport.testing.RecordingPublisher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OffersKafkaDownTest {

    @Test
    void shouldAnswer503AndKeepTheCatalogueWhenKafkaDoesNotAcknowledge(Vertx vertx, VertxTestContext testContext) {
        Views views = Views.empty();
        OfferCataloguePublisher down = catalogue -> Future.failedFuture(new IllegalStateException("Kafka is down"));
        WebClient client = WebClient.create(vertx);
        DecisionApi.start(vertx, ApiConfig.of(0, null), views, new RecordingPublisher(), down)
                .compose(api -> client.put(api.port(), "localhost", "/v1/offers")
                        .sendJson(new JsonArray().add(OffersHandlersTest.offer("tip", "always", "service")))
                        .eventually(api::close))
                .onComplete(testContext.succeeding(resp -> testContext.verify(() -> {
                    assertThat(resp.statusCode()).isEqualTo(503);
                    assertThat(resp.getHeader("Retry-After")).isEqualTo("1");
                    assertThat(resp.bodyAsJsonObject().getJsonObject("error").getString("code"))
                            .isEqualTo("unavailable");
                    assertThat(views.offers().catalogue().offers().offers()).isEmpty();
                    testContext.completeNow();
                })));
    }
}
