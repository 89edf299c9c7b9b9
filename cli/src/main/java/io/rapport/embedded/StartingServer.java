package io.rapport.embedded;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What answers on the API's port while the embedded stack starts its Kafka broker, before the API
 * itself can serve: {@code GET /health/live} 200, {@code /health/ready} 503 with status {@value
 * #STATUS}, anything else 503 {@code starting} with {@code Retry-After}. A load balancer's probe or a
 * client (a {@code ./rapport replay} riding through a restart) sees "not yet", not a closed port.
 *
 * <p>It is a server of the same Vert.x instance as the API, on the same port: when the API listens
 * there, Vert.x shares the one listening socket between the two (new connections go to each in turn),
 * and closing this one once the API listens hands the port over without refusing a connection.
 */
final class StartingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StartingServer.class);
    /** The readiness status while the broker starts. */
    static final String STATUS = "starting_kafka";
    /** Seconds a client is asked to wait. */
    static final int RETRY_AFTER_SECONDS = 2;
    /** How long a request in flight when it closes may take to be answered. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private final HttpServer server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StartingServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Serves on {@code port} (all interfaces, as the API does) with {@code vertx}, the instance the
     * API will run on; null when the port is 0 (the API picks one later) or cannot be bound now, in
     * which case the API's own bind reports it.
     */
    static StartingServer open(Vertx vertx, int port) {
        if (port == 0) {
            return null;
        }
        HttpServer server =
                vertx.createHttpServer(new HttpServerOptions().setPort(port)).requestHandler(StartingServer::answer);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("port {} not bound while starting: {}", port, e.toString());
            server.close();
            return null;
        }
        return new StartingServer(server);
    }

    private static void answer(HttpServerRequest request) {
        String path = request.path();
        int status;
        String body;
        if ("/health/live".equals(path)) {
            status = 200;
            body = "{\"status\":\"up\"}";
        } else if ("/health/ready".equals(path)) {
            status = 503;
            body = "{\"status\":\"" + STATUS + "\"}";
        } else {
            status = 503;
            body = "{\"error\":{\"code\":\"starting\",\"message\":\"Rapport is starting its Kafka broker;"
                    + " retry in " + RETRY_AFTER_SECONDS + " s\"}}";
            request.response().putHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        }
        request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store");
        if (request.method() == HttpMethod.HEAD) {
            request.response().end();
        } else {
            request.response().end(body);
        }
    }

    /**
     * Stops taking connections and answers what is in flight (for at most a second); the port stays
     * open for as long as the API shares it. Does not block; a second call does nothing.
     */
    Future<Void> stop() {
        return closed.compareAndSet(false, true) ? server.shutdown(CLOSE_GRACE) : Future.succeededFuture();
    }

    @Override
    public void close() {
        stop();
    }
}
