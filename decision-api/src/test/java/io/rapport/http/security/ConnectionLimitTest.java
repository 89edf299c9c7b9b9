package io.rapport.http.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionLimitTest {
    private final Vertx vertx = Vertx.vertx();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theBound_isAQuarterOfTheDescriptors_between256And10000() {
        assertThat(ConnectionLimit.forDescriptorLimit(20_000)).isEqualTo(5_000);
        assertThat(ConnectionLimit.forDescriptorLimit(100)).isEqualTo(256);
        assertThat(ConnectionLimit.forDescriptorLimit(1_048_576)).isEqualTo(10_000);
        assertThat(ConnectionLimit.forDescriptorLimit(-1)).as("unknown").isEqualTo(10_000);
        assertThat(ConnectionLimit.defaultMax()).isBetween(256, 10_000);
    }

    @Test
    void aConnectionPastTheBound_isClosedAsAccepted_andCounted_untilAnotherCloses() throws Exception {
        ConnectionLimit limit = new ConnectionLimit(2, registry);
        HttpServer server = vertx.createHttpServer(ConnectionLimit.serverOptions())
                .requestHandler(req -> req.response().end("ok"))
                .connectionHandler(limit::accept)
                .listen(0)
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        int port = server.actualPort();
        try (Socket first = connect(port);
                Socket second = connect(port)) {
            // both idle: a connection counts from its accept, not from its first request
            long deadline0 = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (limit.open() < 2 && System.nanoTime() < deadline0) {
                Thread.sleep(10);
            }
            try (Socket third = connect(port)) {
                assertThat(get(third)).as("closed without an answer").isEmpty();
            }
            assertThat(registry.get("rapport.http.connections.refused")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(limit.open()).isEqualTo(2);
            first.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (limit.open() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            try (Socket fourth = connect(port)) {
                assertThat(get(fourth)).startsWith("HTTP/1.1 200");
            }
            assertThat(get(second)).startsWith("HTTP/1.1 200");
        }
        assertThat(registry.get("rapport.http.connections.max").gauge().value()).isEqualTo(2.0);
    }

    private static Socket connect(int port) throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        return socket;
    }

    /** Sends a GET and reads the answer's first bytes; empty when the server closed the connection. */
    private static String get(Socket socket) throws Exception {
        OutputStream out = socket.getOutputStream();
        try {
            out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (java.net.SocketException e) {
            return "";
        }
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64];
        try {
            int n = in.read(buffer);
            return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
        } catch (java.net.SocketException e) {
            return ""; // reset by the server
        }
    }
}
