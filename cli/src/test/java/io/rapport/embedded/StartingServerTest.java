package io.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The API port's answers while the broker starts, and the port free for the API afterwards. */
class StartingServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

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
        try (StartingServer starting = StartingServer.open(port)) {
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

            assertThat(send(port, "GET", "/v1/items/i-1/also-bought").statusCode())
                    .isEqualTo(503);
            starting.close(); // as the API does just before it binds; the try's close then does nothing
        }
        // closed: the API can bind the same port at once
        try (ServerSocket api = new ServerSocket()) {
            api.setReuseAddress(true);
            api.bind(new InetSocketAddress(port));
            assertThat(api.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aPortPickedLater_orInUse_isLeftToTheApi() throws IOException {
        assertThat(StartingServer.open(0)).as("port 0: the API picks one").isNull();
        try (ServerSocket taken = new ServerSocket(Ports.free())) {
            assertThat(StartingServer.open(taken.getLocalPort()))
                    .as("in use: the API's own bind reports it")
                    .isNull();
        }
    }
}
