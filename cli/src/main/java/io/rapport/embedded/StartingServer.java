package io.rapport.embedded;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What answers on the API's port while the embedded stack starts its Kafka broker, before the API
 * itself can serve: {@code GET /health/live} 200, {@code /health/ready} 503 with status {@value
 * #STATUS}, anything else 503 {@code starting} with {@code Retry-After}. A load balancer's probe or a
 * client (a {@code ./rapport replay} riding through a restart) sees "not yet", not a closed port.
 * Closed just before the API binds the same port.
 */
final class StartingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StartingServer.class);
    /** The readiness status while the broker starts. */
    static final String STATUS = "starting_kafka";
    /** Seconds a client is asked to wait. */
    static final int RETRY_AFTER_SECONDS = 2;

    private final HttpServer server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StartingServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Serves on {@code port} (all interfaces, as the API does); null when the port is 0 (the API
     * picks one later) or cannot be bound now, in which case the API's own bind reports it.
     */
    static StartingServer open(int port) {
        if (port == 0) {
            return null;
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            LOG.debug("port {} not bound while starting: {}", port, e.toString());
            return null;
        }
        server.createContext("/", StartingServer::answer);
        server.start();
        return new StartingServer(server);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            int status;
            String body;
            if (path.equals("/health/live")) {
                status = 200;
                body = "{\"status\":\"up\"}";
            } else if (path.equals("/health/ready")) {
                status = 503;
                body = "{\"status\":\"" + STATUS + "\"}";
            } else {
                status = 503;
                body = "{\"error\":{\"code\":\"starting\",\"message\":\"Rapport is starting its Kafka broker;"
                        + " retry in " + RETRY_AFTER_SECONDS + " s\"}}";
                exchange.getResponseHeaders().set("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /**
     * Starts {@link #close} on a thread of its own: the port is free within milliseconds (the
     * listening socket closes first), while the JDK server's dispatcher takes longer to end.
     */
    void closeInBackground() {
        Thread closing = new Thread(this::close, "rapport-starting-server-close");
        closing.setDaemon(true);
        closing.start();
    }

    /** Stops answering and frees the port at once; a second call does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
        }
    }
}
