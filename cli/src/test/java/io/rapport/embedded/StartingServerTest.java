package io.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API port's answers while the broker starts, and the port handed over to the API afterwards. */
class StartingServerTest {
    private static final String UNANSWERED = "closed before an answer";
    private final HttpClient http = HttpClient.newHttpClient();
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private HttpResponse<String> send(int port, String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        method.equals("POST")
                                ? HttpRequest.BodyPublishers.ofString("[]")
                                : HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whileKafkaStarts_theProcessIsLive_notReady_andEveryRequestIsAskedToComeBack() throws Exception {
        int port = Ports.free();
        StartingServer starting = StartingServer.open(vertx, port);
        assertThat(starting).isNotNull();

        HttpResponse<String> live = send(port, "GET", "/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"up\"}");

        HttpResponse<String> ready = send(port, "GET", "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"starting_kafka\"}");

        HttpResponse<String> events = send(port, "POST", "/v1/events");
        assertThat(events.statusCode()).isEqualTo(503);
        assertThat(events.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(events.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(events.body())
                .isEqualTo("{\"error\":{\"code\":\"starting\",\"message\":\"Rapport is starting its Kafka broker;"
                        + " retry in 2 s\"}}");

        assertThat(send(port, "GET", "/v1/items/i-1/also-bought").statusCode()).isEqualTo(503);
        HttpResponse<String> head = send(port, "HEAD", "/health/ready");
        assertThat(head.statusCode()).isEqualTo(503);
        assertThat(head.body()).isEmpty();

        starting.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        starting.close(); // a second close does nothing
        // stopped with no API sharing the port: it is free
        try (ServerSocket other = new ServerSocket()) {
            other.setReuseAddress(true);
            other.bind(new InetSocketAddress(port));
            assertThat(other.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void theApiListeningOnThePort_takesItOver_withoutAConnectionRefused() throws Exception {
        int port = Ports.free();
        StartingServer starting = StartingServer.open(vertx, port);
        assertThat(starting).isNotNull();
        List<String> answers = new CopyOnWriteArrayList<>();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (polling.get()) {
                try {
                    answers.add(liveOverANewConnection(port));
                } catch (IOException e) {
                    failures.add(e);
                }
            }
        });
        poller.start();
        try {
            waitForAnswers(answers, 5);
            // what DecisionApi does with the same Vert.x: listen on the port, then close the placeholder
            HttpServer api = vertx.createHttpServer(new HttpServerOptions().setPort(port))
                    .requestHandler(request -> request.response().end("api"));
            api.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            starting.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            int handedOver = answers.size();
            waitForAnswers(answers, handedOver + 20);
            polling.set(false);
            poller.join(10_000);

            // Refused: none. A connection the placeholder took an instant before it closed, whose
            // request had not arrived yet, is closed unanswered, as an idle keep-alive connection is.
            assertThat(failures)
                    .as("connections refused during the handover")
                    .noneMatch(e -> e instanceof ConnectException);
            assertThat(failures)
                    .as("any other failure is a connection closed before its answer")
                    .allMatch(e -> e instanceof SocketException || UNANSWERED.equals(e.getMessage()));
            assertThat(answers.get(0)).isEqualTo("{\"status\":\"up\"}");
            assertThat(answers.subList(handedOver, answers.size())).containsOnly("api");
        } finally {
            polling.set(false);
            poller.join(10_000);
        }
    }

    @Test
    void aPortPickedLater_orInUse_isLeftToTheApi() throws IOException {
        assertThat(StartingServer.open(vertx, 0))
                .as("port 0: the API picks one")
                .isNull();
        try (ServerSocket taken = new ServerSocket(Ports.free())) {
            assertThat(StartingServer.open(vertx, taken.getLocalPort()))
                    .as("in use: the API's own bind reports it")
                    .isNull();
        }
    }

    /** {@code GET /health/live} on a connection of its own; the response's body. */
    private static String liveOverANewConnection(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int body = response.indexOf("\r\n\r\n");
            if (response.isEmpty()) {
                throw new IOException(UNANSWERED);
            }
            if (!response.startsWith("HTTP/1.1 ") || body < 0) {
                throw new IOException("not an HTTP response: " + response);
            }
            return response.substring(body + 4);
        }
    }

    private static void waitForAnswers(List<String> answers, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (answers.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(answers).as("answers within 30 s").hasSizeGreaterThanOrEqualTo(count);
    }
}
