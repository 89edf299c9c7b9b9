package io.rapport.testing;

import io.rapport.api.ApiConfig;
import io.rapport.api.DecisionApi;
import io.rapport.store.Views;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deploys a {@link DecisionApi} on in-memory views and a {@link RecordingPublisher} before each
 * test (no Kafka); subclasses fill the views in {@link #fill(Views)} and talk to it with {@link
 * #get} and friends.
 */
@ExtendWith(VertxExtension.class)
public abstract class ApiTestBase {
    protected final Views views = Views.empty();
    protected final RecordingPublisher publisher = new RecordingPublisher();
    protected DecisionApi api;
    protected WebClient client;

    /** Fills the views before the API starts. */
    protected void fill(Views views) {}

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext testContext) {
        fill(views);
        client = WebClient.create(vertx);
        DecisionApi.start(vertx, ApiConfig.of(0, null), views, publisher).onComplete(testContext.succeeding(started -> {
            api = started;
            testContext.completeNow();
        }));
    }

    @AfterEach
    void close(VertxTestContext testContext) {
        client.close();
        api.close().onComplete(testContext.succeedingThenComplete());
    }

    protected HttpRequest<Buffer> get(String uri) {
        return client.get(api.port(), "localhost", uri);
    }

    protected HttpRequest<Buffer> post(String uri) {
        return client.post(api.port(), "localhost", uri);
    }

    protected HttpRequest<Buffer> delete(String uri) {
        return client.delete(api.port(), "localhost", uri);
    }

    /** Reads {@code /health/ready}, then {@code /metrics}, checks each as it comes, and completes the test. */
    protected void checkReadinessThenMetrics(
            VertxTestContext ctx, Consumer<HttpResponse<Buffer>> ready, Consumer<String> metrics) {
        get("/health/ready")
                .send()
                .compose(response -> {
                    ctx.verify(() -> ready.accept(response));
                    return get("/metrics").send();
                })
                .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
                    metrics.accept(response.bodyAsString());
                    ctx.completeNow();
                })));
    }
}
